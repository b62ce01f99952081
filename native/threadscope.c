/*
 * libthreadscope: kernel thread ids and, when needed, JVMTI ThreadStart/ThreadEnd -> static
 * methods of the agent's sink class.
 *
 * By default no thread event is enabled: Thread.start() records each thread in its creator and
 * reads the new thread's kernel id from the JVM's own structures (kernelids.c), and attaching
 * threads are recorded by a Thread constructor hook. ThreadStart is enabled when that is not
 * possible, or when someone listens for starts: then every new thread's kernel id goes into a
 * table by Java thread id (osids.c); a thread that Thread.start() announced (announced.c) needs
 * nothing else, and the others are told to the sink. Ends go to the sink only if asked for:
 * the agent normally sees them in Thread.exit(), already in Java on the ending thread.
 *
 * Global state is a handful of pointers written once by nativeStart and read by the
 * callbacks; all of it is atomic. Errors are returned to Java as strings, never fatal.
 */
#define _GNU_SOURCE
#include "threadscope.h"
#include "announced.h"
#include "osids.h"
#include "kernelids.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static _Atomic(jvmtiEnv *) g_jvmti;
static _Atomic(jclass) g_sink;
static _Atomic(jmethodID) g_started_mid;
static _Atomic(jmethodID) g_ended_mid;
static _Atomic(jfieldID) g_tid_field; /* java.lang.Thread.tid, or NULL: no fast path */
static atomic_bool g_start_claimed;
static atomic_bool g_vm_dead;

static jlong os_tid(void) {
    return (jlong) syscall(SYS_gettid);
}

/* Writes "what: JVMTI_ERROR_NAME" into buf; the name string is JVMTI-allocated. */
static void describe_error(jvmtiEnv *jvmti, jvmtiError err, const char *what, char *buf, size_t len) {
    char *name = NULL;
    if (jvmti != NULL && (*jvmti)->GetErrorName(jvmti, err, &name) == JVMTI_ERROR_NONE && name != NULL) {
        snprintf(buf, len, "%s: %s", what, name);
        (*jvmti)->Deallocate(jvmti, (unsigned char *) name);
    } else {
        snprintf(buf, len, "%s: JVMTI error %d", what, (int) err);
    }
}

/*
 * Calls sink.method(thread, osTid). An exception pending on entry is set aside and
 * restored (JNI forbids calls with one pending); one thrown by the sink is dropped,
 * although the sink catches everything itself.
 */
static void upcall(JNIEnv *jni, jthread thread, _Atomic(jmethodID) *slot, jlong tid) {
    if (atomic_load_explicit(&g_vm_dead, memory_order_acquire)) {
        return;
    }
    jclass sink = atomic_load_explicit(&g_sink, memory_order_acquire);
    jmethodID mid = atomic_load_explicit(slot, memory_order_acquire);
    if (sink == NULL || mid == NULL || jni == NULL) {
        return;
    }
    jthrowable pending = (*jni)->ExceptionOccurred(jni);
    if (pending != NULL) {
        (*jni)->ExceptionClear(jni);
    }
    (*jni)->CallStaticVoidMethod(jni, sink, mid, thread, tid);
    if ((*jni)->ExceptionCheck(jni)) {
        (*jni)->ExceptionClear(jni);
    }
    if (pending != NULL) {
        (*jni)->Throw(jni, pending);
        (*jni)->DeleteLocalRef(jni, pending);
    }
}

/* The thread's Java id (Thread.tid), or 0 if it cannot be read (no fast path, no kernel id kept). */
static jlong java_id(JNIEnv *jni, jthread thread) {
    jfieldID tid_field = atomic_load_explicit(&g_tid_field, memory_order_acquire);
    if (tid_field == NULL || jni == NULL || thread == NULL || (*jni)->ExceptionCheck(jni)) {
        return 0;
    }
    return (*jni)->GetLongField(jni, thread, tid_field);
}

/*
 * Keeps the kernel id for storedOsThreadId; a thread that Thread.start() announced needs
 * nothing else, so only the others (attached from native code, or started while someone
 * listens) call Java.
 */
static void JNICALL on_thread_start(jvmtiEnv *jvmti, JNIEnv *jni, jthread thread) {
    (void) jvmti;
    if (atomic_load_explicit(&g_vm_dead, memory_order_acquire)) {
        return;
    }
    jlong tid = os_tid();
    jlong id = java_id(jni, thread);
    ts_osid_put(id, tid);
    if (!ts_take_announced(id)) {
        upcall(jni, thread, &g_started_mid, tid);
    }
}

static void JNICALL on_thread_end(jvmtiEnv *jvmti, JNIEnv *jni, jthread thread) {
    (void) jvmti;
    jlong tid = ts_osid_take(java_id(jni, thread));
    upcall(jni, thread, &g_ended_mid, tid);
}

/*
 * After VMDeath no callback may touch Java. The flag is set first so that a callback
 * racing with death returns at once; disabling the events is best effort (nothing can
 * be reported at this point, and the host's shutdown output must stay clean).
 */
static void JNICALL on_vm_death(jvmtiEnv *jvmti, JNIEnv *jni) {
    (void) jni;
    atomic_store_explicit(&g_vm_dead, true, memory_order_release);
    (void) (*jvmti)->SetEventNotificationMode(jvmti, JVMTI_DISABLE, JVMTI_EVENT_THREAD_START, NULL);
    (void) (*jvmti)->SetEventNotificationMode(jvmti, JVMTI_DISABLE, JVMTI_EVENT_THREAD_END, NULL);
}

static const jvmtiEvent k_events[] = {
    JVMTI_EVENT_VM_DEATH, JVMTI_EVENT_THREAD_START, JVMTI_EVENT_THREAD_END,
};

/*
 * nativeStart's flags: post ThreadEnd to the sink (when Thread.exit() could not be hooked);
 * post ThreadStart (unless Thread.start() and the constructor an attaching thread runs are
 * hooked and kernel ids can be read from the JVM: then no new thread needs an event).
 */
#define TS_FLAG_THREAD_END 1
#define TS_FLAG_THREAD_START 2

static jvmtiError enable_events(jvmtiEnv *jvmti, jint flags, char *err, size_t len) {
    jvmtiEventCallbacks callbacks;
    memset(&callbacks, 0, sizeof(callbacks));
    callbacks.ThreadStart = &on_thread_start;
    callbacks.ThreadEnd = &on_thread_end;
    callbacks.VMDeath = &on_vm_death;
    jvmtiError rc = (*jvmti)->SetEventCallbacks(jvmti, &callbacks, (jint) sizeof(callbacks));
    if (rc != JVMTI_ERROR_NONE) {
        describe_error(jvmti, rc, "SetEventCallbacks", err, len);
        return rc;
    }
    for (size_t i = 0; i < sizeof(k_events) / sizeof(k_events[0]); i++) {
        if ((k_events[i] == JVMTI_EVENT_THREAD_END && (flags & TS_FLAG_THREAD_END) == 0)
            || (k_events[i] == JVMTI_EVENT_THREAD_START && (flags & TS_FLAG_THREAD_START) == 0)) {
            continue;
        }
        rc = (*jvmti)->SetEventNotificationMode(jvmti, JVMTI_ENABLE, k_events[i], NULL);
        if (rc != JVMTI_ERROR_NONE) {
            describe_error(jvmti, rc, "SetEventNotificationMode", err, len);
            /* Nothing half on: the fallback takes over, and no thread should pay for a callback. */
            (void) (*jvmti)->SetEventNotificationMode(jvmti, JVMTI_DISABLE, JVMTI_EVENT_THREAD_START, NULL);
            (void) (*jvmti)->SetEventNotificationMode(jvmti, JVMTI_DISABLE, JVMTI_EVENT_THREAD_END, NULL);
            return rc;
        }
    }
    return JVMTI_ERROR_NONE;
}

/* Resolves the sink's two static methods; on failure leaves a message in err. */
static bool resolve_sink(JNIEnv *jni, jclass sink, jmethodID *started, jmethodID *ended, char *err, size_t len) {
    *started = (*jni)->GetStaticMethodID(jni, sink, TS_SINK_STARTED_NAME, TS_SINK_SIG);
    if (*started != NULL) {
        *ended = (*jni)->GetStaticMethodID(jni, sink, TS_SINK_ENDED_NAME, TS_SINK_SIG);
    }
    if (*started == NULL || *ended == NULL) {
        (*jni)->ExceptionClear(jni);
        snprintf(err, len, "sink class lacks static %s/%s%s", TS_SINK_STARTED_NAME, TS_SINK_ENDED_NAME, TS_SINK_SIG);
        return false;
    }
    return true;
}

/* java.lang.Thread's id field (named tid on every JDK since 1.0); NULL, and no fast path, if absent. */
static jfieldID thread_id_field(JNIEnv *jni) {
    jclass thread_class = (*jni)->FindClass(jni, "java/lang/Thread");
    jfieldID field = thread_class == NULL ? NULL : (*jni)->GetFieldID(jni, thread_class, "tid", "J");
    if (field == NULL) {
        (*jni)->ExceptionClear(jni);
    }
    if (thread_class != NULL) {
        (*jni)->DeleteLocalRef(jni, thread_class);
    }
    return field;
}

/*
 * static native String nativeStart(Class<?> sink, int flags): caches the sink, turns the
 * thread events on. Returns null on success, otherwise what went wrong. Runs at most once.
 */
static jstring JNICALL native_start(JNIEnv *jni, jclass bridge, jclass sink, jint flags) {
    (void) bridge;
    char err[256] = {0};
    jvmtiEnv *jvmti = atomic_load(&g_jvmti);
    jmethodID started = NULL, ended = NULL;
    jclass global = NULL;
    if (jvmti == NULL) {
        snprintf(err, sizeof(err), "no JVMTI environment (GetEnv failed in JNI_OnLoad)");
        goto fail;
    }
    if (sink == NULL || !resolve_sink(jni, sink, &started, &ended, err, sizeof(err))) {
        if (sink == NULL) snprintf(err, sizeof(err), "sink class is null");
        goto fail;
    }
    if (atomic_exchange(&g_start_claimed, true)) {
        snprintf(err, sizeof(err), "already started");
        goto fail;
    }
    global = (jclass) (*jni)->NewGlobalRef(jni, sink);
    if (global == NULL) {
        snprintf(err, sizeof(err), "NewGlobalRef failed");
        goto fail;
    }
    atomic_store_explicit(&g_started_mid, started, memory_order_release);
    atomic_store_explicit(&g_ended_mid, ended, memory_order_release);
    atomic_store_explicit(&g_tid_field, thread_id_field(jni), memory_order_release);
    atomic_store_explicit(&g_sink, global, memory_order_release);
    if (enable_events(jvmti, flags, err, sizeof(err)) != JVMTI_ERROR_NONE) {
        atomic_store_explicit(&g_sink, NULL, memory_order_release);
        goto fail;
    }
    return NULL;
fail:
    /* The global ref is kept if published: a callback may still hold it. */
    return (*jni)->NewStringUTF(jni, err);
}

/* static native long osThreadId(): the kernel's id of the calling thread. */
static jlong JNICALL native_os_thread_id(JNIEnv *jni, jclass bridge) {
    (void) jni;
    (void) bridge;
    return os_tid();
}

/*
 * static native long endOsThreadId(long id): called by the ending thread id itself; forgets
 * its kernel id and returns it (from the table: cheaper than a syscall; else gettid()).
 */
static jlong JNICALL native_end_os_thread_id(JNIEnv *jni, jclass bridge, jlong id) {
    (void) jni;
    (void) bridge;
    jlong tid = ts_osid_take(id);
    return tid > 0 ? tid : os_tid();
}

/*
 * static native boolean announce(long id): Thread.start() is about to start thread id, whose
 * record is complete; its start callback need not call Java. False: it will (table full, or
 * no fast path), which is always correct.
 */
static jboolean JNICALL native_announce(JNIEnv *jni, jclass bridge, jlong id) {
    (void) jni;
    (void) bridge;
    if (atomic_load_explicit(&g_tid_field, memory_order_acquire) == NULL) {
        return JNI_FALSE;
    }
    return ts_announce(id) ? JNI_TRUE : JNI_FALSE;
}

/* static native void withdraw(long id): the announced start failed. */
static void JNICALL native_withdraw(JNIEnv *jni, jclass bridge, jlong id) {
    (void) jni;
    (void) bridge;
    (void) ts_take_announced(id);
}

/* static native long storedOsThreadId(long id): thread id's kernel id as its start event saw it, or -1. */
static jlong JNICALL native_stored_os_thread_id(JNIEnv *jni, jclass bridge, jlong id) {
    (void) jni;
    (void) bridge;
    return ts_osid_get(id);
}

/*
 * static native String kernelIds(): makes kernelIdOf work (offsets found in the JVM and
 * checked on the calling thread); null on success, otherwise why not.
 */
static jstring JNICALL native_kernel_ids(JNIEnv *jni, jclass bridge) {
    (void) bridge;
    char err[256] = {0};
    if (ts_kernel_ids_init(jni, atomic_load(&g_jvmti), err, sizeof(err))) {
        return NULL;
    }
    if (err[0] == 0) {
        snprintf(err, sizeof(err), "no JVMTI environment");
    }
    return (*jni)->NewStringUTF(jni, err);
}

/*
 * static native long kernelIdOf(Thread thread): its kernel id, or -1. Only for the calling
 * thread itself or a started thread whose monitor the caller holds (see kernelids.h).
 */
static jlong JNICALL native_kernel_id_of(JNIEnv *jni, jclass bridge, jthread thread) {
    (void) bridge;
    return ts_kernel_id_of(jni, thread);
}

/*
 * static native String enableStartEvents(): turns ThreadStart on after nativeStart left it
 * off (someone now listens for starts, and hears them on the new threads); null, or why not.
 */
static jstring JNICALL native_enable_start_events(JNIEnv *jni, jclass bridge) {
    (void) bridge;
    char err[256] = {0};
    jvmtiEnv *jvmti = atomic_load(&g_jvmti);
    if (jvmti == NULL || atomic_load_explicit(&g_sink, memory_order_acquire) == NULL) {
        return (*jni)->NewStringUTF(jni, "thread events not started");
    }
    jvmtiError rc = (*jvmti)->SetEventNotificationMode(jvmti, JVMTI_ENABLE, JVMTI_EVENT_THREAD_START, NULL);
    if (rc != JVMTI_ERROR_NONE) {
        describe_error(jvmti, rc, "SetEventNotificationMode(ThreadStart)", err, sizeof(err));
        return (*jni)->NewStringUTF(jni, err);
    }
    return NULL;
}

static JNINativeMethod k_methods[] = {
    {"enableStartEvents", "()Ljava/lang/String;", (void *) &native_enable_start_events},
    {"kernelIds", "()Ljava/lang/String;", (void *) &native_kernel_ids},
    {"kernelIdOf", "(Ljava/lang/Thread;)J", (void *) &native_kernel_id_of},
    {"nativeStart", "(Ljava/lang/Class;I)Ljava/lang/String;", (void *) &native_start},
    {"osThreadId", "()J", (void *) &native_os_thread_id},
    {"announce", "(J)Z", (void *) &native_announce},
    {"withdraw", "(J)V", (void *) &native_withdraw},
    {"storedOsThreadId", "(J)J", (void *) &native_stored_os_thread_id},
    {"endOsThreadId", "(J)J", (void *) &native_end_os_thread_id},
};

/*
 * The library is loaded by the bridge (boot loader), so FindClass here resolves the
 * bridge itself. If anything fails, the natives stay unbound and the Java side sees
 * UnsatisfiedLinkError, falls back to pure Java and says so.
 */
JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
    (void) reserved;
    JNIEnv *jni = NULL;
    if ((*vm)->GetEnv(vm, (void **) &jni, JNI_VERSION_1_8) != JNI_OK || jni == NULL) {
        return JNI_ERR;
    }
    jvmtiEnv *jvmti = NULL;
    if ((*vm)->GetEnv(vm, (void **) &jvmti, JVMTI_VERSION_1_2) == JNI_OK) {
        atomic_store(&g_jvmti, jvmti);
    }
    jclass bridge = (*jni)->FindClass(jni, TS_BRIDGE_CLASS);
    if (bridge == NULL) {
        (*jni)->ExceptionClear(jni);
        return JNI_VERSION_1_8;
    }
    jint n = (jint) (sizeof(k_methods) / sizeof(k_methods[0]));
    if ((*jni)->RegisterNatives(jni, bridge, k_methods, n) != JNI_OK) {
        (*jni)->ExceptionClear(jni);
    }
    (*jni)->DeleteLocalRef(jni, bridge);
    return JNI_VERSION_1_8;
}
