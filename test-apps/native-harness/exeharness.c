/*
 * harness [JVM options...] --scenario NAME [--threads N] [--cycles N] [--stay] [--hold]
 *
 * Creates a JVM on the process's main thread with JNI_CreateJavaVM (every argument that
 * is not a harness option is passed to it as a JavaVMOption), runs one scenario of
 * natively attached threads, and destroys the VM. Protocol on stdout/stdin (one line
 * each, stdout flushed per line), documented in docs/alien-threads.md:
 *   out "main id=I tid=T"   the JNI_CreateJavaVM caller, as Java and the kernel see it
 *   out "created"           --hold only: the VM is up; in "start" (or "quit")
 *   out "ready"             --stay only: the scenario's threads can be observed; then
 *   in  "release"           let them detach; out "released" once all have
 *   in  "quit" (or EOF)     release if needed, DestroyJavaVM, out "destroyed", exit
 * Without --stay the scenario runs through and the VM is destroyed at once.
 * Exit status: 0 clean, 1 a JNI or scenario error (printed on stderr), 2 bad usage.
 */
#define _GNU_SOURCE
#include "harness.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct options {
    const struct scenario *scenario;
    int threads;
    long cycles;
    bool stay;
    bool hold;
    JavaVMOption *jvm;
    int njvm;
};

enum command { CMD_EOF, CMD_START, CMD_RELEASE, CMD_QUIT };

static pthread_mutex_t g_out = PTHREAD_MUTEX_INITIALIZER;

void say(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&g_out);
    vfprintf(stdout, fmt, ap);
    fputc('\n', stdout);
    fflush(stdout);
    pthread_mutex_unlock(&g_out);
    va_end(ap);
}

void complain(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&g_out);
    fputs(HARNESS_PREFIX, stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    fflush(stderr);
    pthread_mutex_unlock(&g_out);
    va_end(ap);
}

long os_tid(void) {
    return (long) syscall(SYS_gettid);
}

bool java_threw(JNIEnv *env, const char *what) {
    if (!(*env)->ExceptionCheck(env)) {
        return false;
    }
    complain("%s threw:", what);
    (*env)->ExceptionDescribe(env); /* prints and clears */
    return true;
}

static bool parse_count(const char *text, long min, long *out) {
    char *end = NULL;
    long v = strtol(text, &end, 10);
    if (end == text || *end != '\0' || v < min) {
        return false;
    }
    *out = v;
    return true;
}

static int usage(const char *why) {
    complain("%s", why);
    complain("usage: harness [JVM options...] --scenario %s [--threads N] [--cycles N] [--stay] [--hold]",
             scenario_names());
    return 2;
}

static bool is_harness_option(const char *a) {
    return strcmp(a, "--scenario") == 0 || strcmp(a, "--threads") == 0 || strcmp(a, "--cycles") == 0;
}

/* Harness options are exact words; every other argument starting with '-' goes to the JVM. */
static int parse(int argc, char **argv, struct options *o) {
    o->jvm = calloc((size_t) argc, sizeof(JavaVMOption));
    if (o->jvm == NULL) {
        return usage("out of memory");
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        long n = 0;
        if (is_harness_option(a)) {
            if (i + 1 >= argc) {
                return usage("an option lacks its value");
            }
            const char *v = argv[++i];
            if (a[2] == 's') {
                o->scenario = scenario_find(v);
                if (o->scenario == NULL) {
                    return usage("unknown scenario");
                }
            } else if (!parse_count(v, 1, &n) || n > (a[2] == 't' ? 4096L : 100000000L)) {
                return usage("--threads takes 1..4096, --cycles 1..100000000");
            } else if (a[2] == 't') {
                o->threads = (int) n;
            } else {
                o->cycles = n;
            }
        } else if (strcmp(a, "--stay") == 0) {
            o->stay = true;
        } else if (strcmp(a, "--hold") == 0) {
            o->hold = true;
        } else if (a[0] == '-') {
            o->jvm[o->njvm++].optionString = argv[i];
        } else {
            complain("argument '%s' is neither a harness option nor a JVM option", a);
            return usage("bad argument");
        }
    }
    return o->scenario == NULL ? usage("no --scenario given") : 0;
}

/* Reads commands until one of those the caller wants; unknown ones are reported and skipped. */
static enum command read_command(bool want_start) {
    char line[256];
    while (fgets(line, sizeof(line), stdin) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strcmp(line, "quit") == 0) {
            return CMD_QUIT;
        }
        if (want_start && strcmp(line, "start") == 0) {
            return CMD_START;
        }
        if (!want_start && strcmp(line, "release") == 0) {
            return CMD_RELEASE;
        }
        if (line[0] != '\0') {
            complain("unknown command '%s' (expected: %s, quit)", line, want_start ? "start" : "release");
        }
    }
    return CMD_EOF;
}

static int resolve_callbacks(JNIEnv *env, struct harness *h) {
    struct { jmethodID *mid; const char *name, *sig; } methods[] = {
        {&h->m_attached, "attached", "(I)J"},
        {&h->m_churn, "churn", "(I)J"},
        {&h->m_fail, "fail", "(I)V"},
        {&h->m_spawn, "spawn", "(I)J"},
        {&h->m_release_spawned, "releaseSpawned", "()V"},
    };
    jclass local = (*env)->FindClass(env, CALLBACKS_CLASS);
    if (local == NULL) {
        java_threw(env, "FindClass(" CALLBACKS_CLASS ")");
        complain("is -Djava.class.path=... pointing at test-apps/target/classes?");
        return -1;
    }
    h->callbacks = (jclass) (*env)->NewGlobalRef(env, local);
    (*env)->DeleteLocalRef(env, local);
    if (h->callbacks == NULL) {
        complain("NewGlobalRef(Callbacks) failed");
        return -1;
    }
    for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
        *methods[i].mid = (*env)->GetStaticMethodID(env, h->callbacks, methods[i].name, methods[i].sig);
        if (*methods[i].mid == NULL) {
            java_threw(env, "GetStaticMethodID");
            complain("Callbacks lacks static %s%s", methods[i].name, methods[i].sig);
            return -1;
        }
    }
    return 0;
}

/* Callbacks.hello() for the main thread's id, and Callbacks.group() for the attach group. */
static int greet(JNIEnv *env, struct harness *h) {
    jmethodID hello = (*env)->GetStaticMethodID(env, h->callbacks, "hello", "()J");
    jmethodID group = (*env)->GetStaticMethodID(env, h->callbacks, "group",
                                                "(Ljava/lang/String;)Ljava/lang/ThreadGroup;");
    if (hello == NULL || group == NULL) {
        java_threw(env, "GetStaticMethodID(hello/group)");
        return -1;
    }
    jlong id = (*env)->CallStaticLongMethod(env, h->callbacks, hello);
    if (java_threw(env, "Callbacks.hello")) {
        return -1;
    }
    say("main id=%lld tid=%ld", (long long) id, os_tid());
    jstring name = (*env)->NewStringUTF(env, HARNESS_GROUP);
    if (name == NULL) {
        java_threw(env, "NewStringUTF");
        return -1;
    }
    jobject g = (*env)->CallStaticObjectMethod(env, h->callbacks, group, name);
    (*env)->DeleteLocalRef(env, name);
    if (java_threw(env, "Callbacks.group") || g == NULL) {
        return -1;
    }
    h->group = (*env)->NewGlobalRef(env, g);
    (*env)->DeleteLocalRef(env, g);
    return h->group == NULL ? -1 : 0;
}

/* Runs the scenario; with --stay, between "ready" and "quit" under stdin's control. */
static int run(struct harness *h, const struct options *o) {
    if (o->hold) {
        say("created");
        if (read_command(true) != CMD_START) {
            return 0; /* quit before the start: nothing to run */
        }
    }
    if (o->scenario->start(h) != 0) {
        o->scenario->finish(h);
        return -1;
    }
    if (!o->stay) {
        return o->scenario->finish(h);
    }
    say("ready");
    enum command cmd = read_command(false);
    int rc = o->scenario->finish(h);
    while (cmd == CMD_RELEASE) {
        say("released"); /* a second "release" is answered again: nothing is left to detach */
        cmd = read_command(false);
    }
    return rc;
}

static int create_vm(const struct options *o, JavaVM **vm, JNIEnv **env) {
    JavaVMInitArgs args;
    memset(&args, 0, sizeof(args));
    args.version = JNI_VERSION_1_8;
    args.nOptions = o->njvm;
    args.options = o->jvm;
    args.ignoreUnrecognized = JNI_FALSE;
    jint rc = JNI_CreateJavaVM(vm, (void **) env, &args);
    if (rc != JNI_OK) {
        complain("JNI_CreateJavaVM failed: %d", (int) rc);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv) {
    struct options o;
    struct harness h;
    JavaVM *vm = NULL;
    JNIEnv *env = NULL;
    int rc = 1;
    memset(&o, 0, sizeof(o));
    memset(&h, 0, sizeof(h));
    pthread_mutex_init(&h.lock, NULL);
    pthread_cond_init(&h.cond, NULL);

    if (parse(argc, argv, &o) != 0) {
        rc = 2;
        goto done;
    }
    h.threads = o.threads > 0 ? o.threads : o.scenario->default_threads;
    h.cycles = o.cycles > 0 ? o.cycles : 10000;
    if (create_vm(&o, &vm, &env) != 0) {
        goto done;
    }
    h.vm = vm;
    if (resolve_callbacks(env, &h) != 0 || greet(env, &h) != 0) {
        goto destroy;
    }
    if (run(&h, &o) == 0 && h.failures == 0) {
        rc = 0;
    }
destroy:
    if (h.group != NULL) {
        (*env)->DeleteGlobalRef(env, h.group);
    }
    if (h.callbacks != NULL) {
        (*env)->DeleteGlobalRef(env, h.callbacks);
    }
    if ((*vm)->DestroyJavaVM(vm) != JNI_OK) {
        complain("DestroyJavaVM failed");
        rc = 1;
    } else {
        say("destroyed");
    }
done:
    if (h.failures > 0) {
        complain("%d error(s), see above", h.failures);
    }
    free(o.jvm);
    pthread_cond_destroy(&h.cond);
    pthread_mutex_destroy(&h.lock);
    return rc;
}
