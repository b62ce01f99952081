/*
 * A thread's kernel id, read where the JVM keeps it: java.lang.Thread.eetop holds the address
 * of the VM's JavaThread, whose _osthread points to an OSThread with _thread_id (set by the
 * new thread itself before the creating thread returns from Thread.start0()). The offsets come
 * from gHotSpotVMStructs, the table the JVM exports for its serviceability agent, and are
 * checked once against gettid() on the calling thread; without them nothing is read.
 *
 * Why: this lets the creating thread learn a new thread's kernel id right after start0(),
 * so that no JVMTI ThreadStart event (and no code at all in the new thread) is needed.
 *
 * Global state: three offsets and a field id, written once by ts_kernel_ids_init under a
 * mutex and published with a release store of g_ready, read after an acquire load of it.
 * The table's entries are trusted only if they have the shape read_kernel_id assumes
 * (a pointer to the OSThread, a 4-byte id inside it): otherwise nothing is read at all.
 */
#define _GNU_SOURCE
#include "kernelids.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static jfieldID g_eetop;
static size_t g_osthread_offset;
static size_t g_thread_id_offset;
static atomic_bool g_ready;
/* Serialises ts_kernel_ids_init: the globals above are written once, by one thread. */
static pthread_mutex_t g_init_lock = PTHREAD_MUTEX_INITIALIZER;

/* The address of an exported variable of libjvm, or NULL. */
static void *jvm_symbol(void *jvm, const char *name) {
    dlerror();
    void *p = dlsym(jvm, name);
    return dlerror() == NULL ? p : NULL;
}

/* Reads a uint64_t the JVM exports (the layout of its VMStructEntry records). */
static bool jvm_u64(void *jvm, const char *name, uint64_t *out) {
    uint64_t *p = (uint64_t *) jvm_symbol(jvm, name);
    if (p == NULL) {
        return false;
    }
    *out = *p;
    return true;
}

/* No JVM thread object is this large; a bigger offset means the table is not what we think. */
#define MAX_OFFSET ((size_t) 1 << 16)

/* The size of a type the JVM describes in gHotSpotVMTypes (e.g. "pid_t", "OSThread"). */
static bool type_size(void *jvm, const char *name, uint64_t *size) {
    uint64_t name_at, size_at, stride;
    char **table = (char **) jvm_symbol(jvm, "gHotSpotVMTypes");
    if (table == NULL || *table == NULL || !jvm_u64(jvm, "gHotSpotVMTypeEntryTypeNameOffset", &name_at)
        || !jvm_u64(jvm, "gHotSpotVMTypeEntrySizeOffset", &size_at)
        || !jvm_u64(jvm, "gHotSpotVMTypeEntryArrayStride", &stride) || stride == 0) {
        return false;
    }
    for (char *e = *table; *(const char **) (e + name_at) != NULL; e += stride) {
        if (strcmp(*(const char **) (e + name_at), name) == 0) {
            *size = *(uint64_t *) (e + size_at);
            return true;
        }
    }
    return false;
}

/*
 * Looks up Thread::_osthread (JavaThread's on some JDKs) and OSThread::_thread_id in the
 * table; libjvm is found from one of its JNI functions, and only looked at if already loaded.
 */
static bool find_offsets(JNIEnv *jni, size_t *osthread, size_t *thread_id, char *err, size_t len) {
    Dl_info info;
    jint (*probe)(JNIEnv *) = (*jni)->GetVersion;
    void *address;
    memcpy(&address, &probe, sizeof(address)); /* a function's address, without a cast ISO C forbids */
    if (dladdr(address, &info) == 0 || info.dli_fname == NULL) {
        snprintf(err, len, "libjvm not found by dladdr");
        return false;
    }
    void *jvm = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
    if (jvm == NULL) {
        snprintf(err, len, "dlopen(%s, RTLD_NOLOAD) failed", info.dli_fname);
        return false;
    }
    bool found_osthread = false, found_thread_id = false;
    const char *osthread_type = NULL, *thread_id_type = NULL;
    uint64_t type_at, field_at, type_string_at, offset_at, static_at, stride;
    char **table = (char **) jvm_symbol(jvm, "gHotSpotVMStructs");
    if (table == NULL || *table == NULL || !jvm_u64(jvm, "gHotSpotVMStructEntryTypeNameOffset", &type_at)
        || !jvm_u64(jvm, "gHotSpotVMStructEntryFieldNameOffset", &field_at)
        || !jvm_u64(jvm, "gHotSpotVMStructEntryTypeStringOffset", &type_string_at)
        || !jvm_u64(jvm, "gHotSpotVMStructEntryOffsetOffset", &offset_at)
        || !jvm_u64(jvm, "gHotSpotVMStructEntryIsStaticOffset", &static_at)
        || !jvm_u64(jvm, "gHotSpotVMStructEntryArrayStride", &stride) || stride == 0) {
        snprintf(err, len, "gHotSpotVMStructs not exported by %s", info.dli_fname);
        dlclose(jvm);
        return false;
    }
    for (char *e = *table; *(const char **) (e + type_at) != NULL; e += stride) {
        const char *type = *(const char **) (e + type_at);
        const char *field = *(const char **) (e + field_at);
        if (field == NULL || *(int32_t *) (e + static_at) != 0) {
            continue;
        }
        uint64_t offset = *(uint64_t *) (e + offset_at);
        if (!found_osthread && strcmp(field, "_osthread") == 0
            && (strcmp(type, "Thread") == 0 || strcmp(type, "JavaThread") == 0)) {
            *osthread = (size_t) offset;
            osthread_type = *(const char **) (e + type_string_at);
            found_osthread = true;
        } else if (!found_thread_id && strcmp(field, "_thread_id") == 0 && strcmp(type, "OSThread") == 0) {
            *thread_id = (size_t) offset;
            thread_id_type = *(const char **) (e + type_string_at);
            found_thread_id = true;
        }
    }
    if (!found_osthread || !found_thread_id) {
        snprintf(err, len, "gHotSpotVMStructs lacks %s", found_osthread ? "OSThread::_thread_id" : "Thread::_osthread");
        dlclose(jvm);
        return false;
    }
    /* The layout read_kernel_id assumes: a pointer to the OSThread, a 4-byte id in it, both within the object. */
    uint64_t thread_id_size = 0, osthread_size = 0;
    bool shaped = osthread_type != NULL && strcmp(osthread_type, "OSThread*") == 0 && thread_id_type != NULL
                  && type_size(jvm, thread_id_type, &thread_id_size) && thread_id_size == sizeof(int32_t)
                  && type_size(jvm, "OSThread", &osthread_size) && *thread_id + sizeof(int32_t) <= osthread_size
                  && *osthread < MAX_OFFSET;
    if (!shaped) {
        snprintf(err, len, "unexpected thread layout (Thread::_osthread %s at %zu, OSThread::_thread_id %s of %llu bytes)",
                 osthread_type == NULL ? "?" : osthread_type, *osthread, thread_id_type == NULL ? "?" : thread_id_type,
                 (unsigned long long) thread_id_size);
    }
    dlclose(jvm);
    return shaped;
}

static jlong read_kernel_id(jlong java_thread, size_t osthread, size_t thread_id) {
    if (java_thread == 0) {
        return -1;
    }
    char *os = *(char **) ((char *) (intptr_t) java_thread + osthread);
    if (os == NULL) {
        return -1;
    }
    int32_t tid = *(int32_t *) (os + thread_id); /* pid_t on Linux */
    return tid > 0 ? (jlong) tid : -1;
}

static bool init_locked(JNIEnv *jni, jvmtiEnv *jvmti, char *err, size_t len);

bool ts_kernel_ids_init(JNIEnv *jni, jvmtiEnv *jvmti, char *err, size_t len) {
    if (atomic_load_explicit(&g_ready, memory_order_acquire)) {
        return true;
    }
    if (pthread_mutex_lock(&g_init_lock) != 0) {
        snprintf(err, len, "pthread_mutex_lock failed");
        return false;
    }
    bool ok = atomic_load_explicit(&g_ready, memory_order_acquire) || init_locked(jni, jvmti, err, len);
    (void) pthread_mutex_unlock(&g_init_lock); /* cannot fail: this thread holds it */
    return ok;
}

static bool init_locked(JNIEnv *jni, jvmtiEnv *jvmti, char *err, size_t len) {
    size_t osthread = 0, thread_id = 0;
    if (jni == NULL || jvmti == NULL || !find_offsets(jni, &osthread, &thread_id, err, len)) {
        return false;
    }
    jclass thread_class = (*jni)->FindClass(jni, "java/lang/Thread");
    jfieldID eetop = thread_class == NULL ? NULL : (*jni)->GetFieldID(jni, thread_class, "eetop", "J");
    if (thread_class != NULL) {
        (*jni)->DeleteLocalRef(jni, thread_class);
    }
    if (eetop == NULL) {
        (*jni)->ExceptionClear(jni);
        snprintf(err, len, "java.lang.Thread has no eetop field");
        return false;
    }
    jthread self = NULL;
    jvmtiError rc = (*jvmti)->GetCurrentThread(jvmti, &self);
    if (rc != JVMTI_ERROR_NONE || self == NULL) {
        snprintf(err, len, "GetCurrentThread failed: %d", (int) rc);
        return false;
    }
    jlong read = read_kernel_id((*jni)->GetLongField(jni, self, eetop), osthread, thread_id);
    jlong actual = (jlong) syscall(SYS_gettid);
    (*jni)->DeleteLocalRef(jni, self);
    if (read != actual) {
        snprintf(err, len, "kernel id read from the JVM (%lld) is not gettid() (%lld)", (long long) read,
                 (long long) actual);
        return false;
    }
    g_eetop = eetop;
    g_osthread_offset = osthread;
    g_thread_id_offset = thread_id;
    atomic_store_explicit(&g_ready, true, memory_order_release);
    return true;
}

jlong ts_kernel_id_of(JNIEnv *jni, jthread thread) {
    if (!atomic_load_explicit(&g_ready, memory_order_acquire) || jni == NULL || thread == NULL) {
        return -1;
    }
    return read_kernel_id((*jni)->GetLongField(jni, thread, g_eetop), g_osthread_offset, g_thread_id_offset);
}
