/*
 * The scenarios: native threads that attach to the JVM, call dev.threadscope.testapp.
 * harness.Callbacks, and detach. Each worker reports on stdout what it asked for
 * (daemon flag, name, group) next to what the JVM made of it (the Java thread id) and
 * the kernel's thread id, so that a test can hold threadscope's rows against them.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct worker {
    struct harness *h;
    int index;
    bool daemon;
    bool grouped;      /* attach into HARNESS_GROUP rather than the default (main) group */
    char name[48];     /* "" = no name in JavaVMAttachArgs */
    jmethodID call;    /* static long (int) method called once attached */
    pthread_t thread;
    jlong id;          /* Thread.currentThread().getId() as the callback saw it */
    long cycles;       /* churn only */
};

/* The running scenario's workers (one scenario per process). */
static struct worker *g_crew;
static int g_crew_size;

/* Churn totals, under h->lock. */
static long g_churned;
static jlong g_min_id = LLONG_MAX, g_max_id = LLONG_MIN;

static bool attach(struct worker *w, JNIEnv **env) {
    JavaVM *vm = w->h->vm;
    JavaVMAttachArgs args;
    memset(&args, 0, sizeof(args));
    args.version = JNI_VERSION_1_8;
    args.name = w->name[0] != '\0' ? w->name : NULL;
    args.group = w->grouped ? w->h->group : NULL;
    /* NULL args on purpose when neither is given: the JVM names the thread "Thread-N" in main. */
    JavaVMAttachArgs *a = args.name == NULL && args.group == NULL ? NULL : &args;
    jint rc = w->daemon ? (*vm)->AttachCurrentThreadAsDaemon(vm, (void **) env, a)
                        : (*vm)->AttachCurrentThread(vm, (void **) env, a);
    if (rc != JNI_OK || *env == NULL) {
        complain("worker %d: AttachCurrentThread%s failed: %d", w->index, w->daemon ? "AsDaemon" : "", (int) rc);
        harness_fail(w->h);
        return false;
    }
    return true;
}

static bool detach(struct worker *w) {
    jint rc = (*w->h->vm)->DetachCurrentThread(w->h->vm);
    if (rc != JNI_OK) {
        complain("worker %d: DetachCurrentThread failed: %d", w->index, (int) rc);
        harness_fail(w->h);
        return false;
    }
    harness_detached(w->h);
    return true;
}

static bool call(struct worker *w, JNIEnv *env, jlong *id) {
    *id = (*env)->CallStaticLongMethod(env, w->h->callbacks, w->call, (jint) w->index);
    if (java_threw(env, "Callbacks call")) {
        harness_fail(w->h);
        return false;
    }
    return true;
}

static void report_attached(const struct worker *w) {
    say("attached index=%d id=%lld tid=%ld daemon=%s name=%s group=%s", w->index, (long long) w->id, os_tid(),
        w->daemon ? "true" : "false", w->name[0] != '\0' ? w->name : "-", w->grouped ? HARNESS_GROUP : "-");
}

/* attach, spawn-java: attach, call Java, wait for the release, detach. */
static void *hold_worker(void *arg) {
    struct worker *w = arg;
    JNIEnv *env = NULL;
    bool attached = attach(w, &env);
    if (attached && call(w, env, &w->id)) {
        report_attached(w);
    }
    harness_arrive(w->h);
    harness_await_release(w->h);
    if (attached && detach(w)) {
        say("detached index=%d id=%lld", w->index, (long long) w->id);
    }
    return NULL;
}

/*
 * pending-exception: Java throws and the thread detaches with the exception still
 * pending. DetachCurrentThread then hands it to Thread.dispatchUncaughtException, as
 * if the thread's run() had thrown ("Exception in thread ..." on stderr).
 */
static void *thrower_worker(void *arg) {
    struct worker *w = arg;
    JNIEnv *env = NULL;
    if (!attach(w, &env)) {
        return NULL;
    }
    if (call(w, env, &w->id)) {
        report_attached(w);
        (*env)->CallStaticVoidMethod(env, w->h->callbacks, w->h->m_fail, (jint) w->index);
        if ((*env)->ExceptionCheck(env)) {
            say("pending index=%d id=%lld", w->index, (long long) w->id);
        } else {
            complain("worker %d: Callbacks.fail returned without throwing", w->index);
            harness_fail(w->h);
        }
    }
    if (detach(w)) {
        say("detached index=%d id=%lld", w->index, (long long) w->id);
    }
    return NULL;
}

/* churn: attach/call/detach in a loop, cycling through the four ways to attach. */
static void *churn_worker(void *arg) {
    struct worker *w = arg;
    long done = 0;
    jlong lo = LLONG_MAX, hi = LLONG_MIN;
    for (long i = 0; i < w->cycles; i++) {
        JNIEnv *env = NULL;
        jlong id = 0;
        w->daemon = (i & 1) != 0;
        w->grouped = (i & 2) != 0;
        if (w->grouped) {
            snprintf(w->name, sizeof(w->name), "harness-churn-%d", w->index);
        } else {
            w->name[0] = '\0';
        }
        if (!attach(w, &env)) {
            break;
        }
        bool called = call(w, env, &id);
        if (!detach(w) || !called) {
            break; /* reported; one error is enough, not thousands */
        }
        done++;
        lo = id < lo ? id : lo;
        hi = id > hi ? id : hi;
    }
    pthread_mutex_lock(&w->h->lock);
    g_churned += done;
    g_min_id = lo < g_min_id ? lo : g_min_id;
    g_max_id = hi > g_max_id ? hi : g_max_id;
    pthread_mutex_unlock(&w->h->lock);
    return NULL;
}

static int failures(struct harness *h) {
    pthread_mutex_lock(&h->lock);
    int n = h->failures;
    pthread_mutex_unlock(&h->lock);
    return n;
}

/* Starts n workers, each set up by plan(); returns 0 if all started. */
static int start_crew(struct harness *h, int n, void *(*fn)(void *), void (*plan)(struct harness *, struct worker *)) {
    g_crew = calloc((size_t) n, sizeof(*g_crew));
    if (g_crew == NULL) {
        complain("out of memory for %d workers", n);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        struct worker *w = &g_crew[i];
        w->h = h;
        w->index = i;
        plan(h, w);
        int rc = pthread_create(&w->thread, NULL, fn, w);
        if (rc != 0) {
            complain("pthread_create for worker %d failed: %s", i, strerror(rc));
            harness_fail(h);
            return -1;
        }
        g_crew_size++;
    }
    return 0;
}

static int join_crew(struct harness *h) {
    harness_release(h);
    for (int i = 0; i < g_crew_size; i++) {
        int rc = pthread_join(g_crew[i].thread, NULL);
        if (rc != 0) {
            complain("pthread_join for worker %d failed: %s", i, strerror(rc));
            harness_fail(h);
        }
    }
    free(g_crew);
    g_crew = NULL;
    g_crew_size = 0;
    return failures(h) == 0 ? 0 : -1;
}

/* attach: with 6 threads, every combination of {daemon, not} x {NULL args, name + group, name only}. */
static void plan_attach(struct harness *h, struct worker *w) {
    w->daemon = (w->index / 3) % 2 == 1;
    w->grouped = w->index % 3 == 1;
    if (w->index % 3 != 0) {
        snprintf(w->name, sizeof(w->name), "harness-alien-%d", w->index);
    }
    w->call = h->m_attached;
}

static int start_attach(struct harness *h) {
    if (start_crew(h, h->threads, hold_worker, plan_attach) != 0) {
        return -1;
    }
    harness_await_arrivals(h, g_crew_size);
    return failures(h) == 0 ? 0 : -1;
}

static void plan_churn(struct harness *h, struct worker *w) {
    w->cycles = h->cycles / h->threads + (w->index < h->cycles % h->threads ? 1 : 0);
    w->call = h->m_churn;
}

static int start_churn(struct harness *h) {
    int rc = start_crew(h, h->threads, churn_worker, plan_churn);
    if (join_crew(h) != 0 || rc != 0) {
        return -1;
    }
    say("churned cycles=%ld detaches=%ld min-id=%lld max-id=%lld", g_churned, h->detaches,
        (long long) g_min_id, (long long) g_max_id);
    return 0;
}

static void plan_thrower(struct harness *h, struct worker *w) {
    snprintf(w->name, sizeof(w->name), "harness-thrower");
    w->call = h->m_attached;
}

static int start_pending_exception(struct harness *h) {
    int rc = start_crew(h, 1, thrower_worker, plan_thrower);
    return join_crew(h) != 0 || rc != 0 ? -1 : 0;
}

static void plan_spawner(struct harness *h, struct worker *w) {
    snprintf(w->name, sizeof(w->name), "harness-spawner");
    w->call = h->m_spawn;
}

static int start_spawn_java(struct harness *h) {
    if (start_crew(h, 1, hold_worker, plan_spawner) != 0) {
        return -1;
    }
    harness_await_arrivals(h, g_crew_size);
    return failures(h) == 0 ? 0 : -1;
}

/* The Java threads end first (Callbacks.releaseSpawned joins them), then the spawner detaches. */
static int finish_spawn_java(struct harness *h) {
    JNIEnv *env = NULL;
    jint rc = (*h->vm)->GetEnv(h->vm, (void **) &env, JNI_VERSION_1_8);
    if (rc != JNI_OK) {
        complain("GetEnv on the main thread failed: %d", (int) rc);
        harness_fail(h);
    } else {
        (*env)->CallStaticVoidMethod(env, h->callbacks, h->m_release_spawned);
        if (java_threw(env, "Callbacks.releaseSpawned")) {
            harness_fail(h);
        }
    }
    return join_crew(h);
}

/*
 * asan-canary: one byte read past a malloc'd block, on purpose. Under the sanitizer build
 * it proves that ASan reports from inside the JVM's process reach stderr with the options
 * the tests use; in a normal build it is a harmless out-of-bounds read. Use nowhere else.
 */
static int start_asan_canary(struct harness *h) {
    (void) h;
    char *block = malloc(8);
    volatile size_t past = 8;
    if (block == NULL) {
        complain("out of memory");
        return -1;
    }
    memset(block, 'x', 8);
    say("canary read %d", (int) block[past]);
    free(block);
    return 0;
}

static int finish_nothing(struct harness *h) {
    return failures(h) == 0 ? 0 : -1;
}

static const struct scenario k_scenarios[] = {
    {"attach", 6, start_attach, join_crew},
    {"churn", 4, start_churn, finish_nothing},
    {"pending-exception", 1, start_pending_exception, finish_nothing},
    {"spawn-java", 1, start_spawn_java, finish_spawn_java},
    {"asan-canary", 0, start_asan_canary, finish_nothing},
};

const struct scenario *scenario_find(const char *name) {
    for (size_t i = 0; i < sizeof(k_scenarios) / sizeof(k_scenarios[0]); i++) {
        if (strcmp(k_scenarios[i].name, name) == 0) {
            return &k_scenarios[i];
        }
    }
    return NULL;
}

const char *scenario_names(void) {
    return "attach|churn|pending-exception|spawn-java|asan-canary";
}
