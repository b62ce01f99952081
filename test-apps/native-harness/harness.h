/*
 * harness: embeds a JVM with JNI_CreateJavaVM and runs native threads through it, so
 * that threadscope's ALIEN classification can be tested from birth to end. In the style
 * of the JDK's own exe<Name>.c tests: errors are printed and returned, never exit/abort.
 * See docs/alien-threads.md for the command line and the stdin/stdout protocol.
 */
#ifndef HARNESS_H
#define HARNESS_H

#include <jni.h>
#include <pthread.h>
#include <stdbool.h>

#define HARNESS_PREFIX "harness: "
#define CALLBACKS_CLASS "dev/threadscope/testapp/harness/Callbacks"
#define HARNESS_GROUP "harness-group"

/* What every scenario shares: the VM, the Java callbacks, and a release latch. */
struct harness {
    JavaVM *vm;
    jclass callbacks; /* global ref */
    jobject group;    /* global ref to the ThreadGroup HARNESS_GROUP, made by Callbacks.group */
    jmethodID m_attached, m_churn, m_fail, m_spawn, m_release_spawned;
    int threads;      /* --threads; 0 = the scenario's default */
    long cycles;      /* --cycles (churn) */

    pthread_mutex_t lock; /* guards everything below */
    pthread_cond_t cond;
    int arrived;          /* workers that reached the point the tests observe */
    bool released;        /* set by harness_release: workers may detach */
    int failures;         /* errors seen by workers */
    long detaches;        /* successful DetachCurrentThread calls */
};

struct scenario {
    const char *name;
    int default_threads;
    /* Returns 0 once the scenario's threads are in the state the tests observe ("ready"). */
    int (*start)(struct harness *h);
    /* Lets them detach and waits until they all have ("released"). */
    int (*finish)(struct harness *h);
};

const struct scenario *scenario_find(const char *name);
const char *scenario_names(void);

/* One line on stdout, flushed, never interleaved with another. */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One line on stderr, prefixed with HARNESS_PREFIX. */
void complain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

long os_tid(void);

/* Worker bookkeeping (harness.c). */
void harness_arrive(struct harness *h);
void harness_await_arrivals(struct harness *h, int n);
void harness_await_release(struct harness *h);
void harness_release(struct harness *h);
void harness_fail(struct harness *h);
void harness_detached(struct harness *h);

/* True (and the exception described and cleared) if a Java call threw. */
bool java_threw(JNIEnv *env, const char *what);

#endif
