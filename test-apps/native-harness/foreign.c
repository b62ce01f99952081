/*
 * libforeign: native threads that call back into Java through a plain C function pointer,
 * with no JNI of their own: what JNA callbacks and FFM upcalls look like from the C side.
 */
#include <pthread.h>
#include <stdio.h>

typedef void (*ts_callback)(int);

struct job {
    ts_callback fn;
    int calls;
};

static void *run(void *arg) {
    struct job *job = arg;
    for (int i = 0; i < job->calls; i++) {
        job->fn(i);
    }
    return NULL;
}

/* Calls fn(0..calls-1) on one new native thread, waits for it; 0 on success. */
__attribute__((visibility("default"))) int foreign_call_from_new_thread(ts_callback fn, int calls) {
    struct job job = {fn, calls};
    pthread_t t;
    if (pthread_create(&t, NULL, run, &job) != 0) {
        fprintf(stderr, "foreign: pthread_create failed\n");
        return 1;
    }
    return pthread_join(t, NULL) == 0 ? 0 : 1;
}
