/*
 * Creation stacks: captured with JVMTI GetStackTrace (method ids and locations, at most
 * TS_STACK_DEPTH frames), interned in a lock-free open-addressing table so that threads
 * started from the same place share one entry, and turned into text only when asked.
 * Entries live as long as the VM; the table holds at most TS_TABLE_LIMIT distinct stacks,
 * after which capture answers -1 and the Java side falls back to a Throwable.
 */
#include "threadscope.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TS_TABLE_SIZE (1 << 16)
#define TS_TABLE_LIMIT (TS_TABLE_SIZE / 2)

typedef struct {
    uint64_t hash;
    jint depth;
    jvmtiFrameInfo frames[];
} ts_stack;

static _Atomic(ts_stack *) g_table[TS_TABLE_SIZE];
static atomic_int g_count;

static uint64_t hash_frames(const jvmtiFrameInfo *f, jint n) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (jint i = 0; i < n; i++) {
        h = (h ^ (uint64_t) (uintptr_t) f[i].method) * 1099511628211ULL;
        h = (h ^ (uint64_t) f[i].location) * 1099511628211ULL;
    }
    return h ^ (uint64_t) n;
}

static int same_stack(const ts_stack *s, uint64_t h, const jvmtiFrameInfo *f, jint n) {
    return s->hash == h && s->depth == n && memcmp(s->frames, f, sizeof(jvmtiFrameInfo) * (size_t) n) == 0;
}

static ts_stack *new_stack(uint64_t h, const jvmtiFrameInfo *f, jint n) {
    ts_stack *s = malloc(sizeof(ts_stack) + sizeof(jvmtiFrameInfo) * (size_t) n);
    if (s != NULL) {
        s->hash = h;
        s->depth = n;
        memcpy(s->frames, f, sizeof(jvmtiFrameInfo) * (size_t) n);
    }
    return s;
}

jint ts_stack_capture(jvmtiEnv *jvmti) {
    jvmtiFrameInfo frames[TS_STACK_DEPTH];
    jint n = 0;
    if (jvmti == NULL || (*jvmti)->GetStackTrace(jvmti, NULL, 0, TS_STACK_DEPTH, frames, &n) != JVMTI_ERROR_NONE
            || n <= 0) {
        return -1;
    }
    uint64_t h = hash_frames(frames, n);
    ts_stack *fresh = NULL;
    uint32_t idx = (uint32_t) h & (TS_TABLE_SIZE - 1);
    for (uint32_t probe = 0; probe < TS_TABLE_SIZE; probe++, idx = (idx + 1) & (TS_TABLE_SIZE - 1)) {
        ts_stack *s = atomic_load_explicit(&g_table[idx], memory_order_acquire);
        if (s == NULL) {
            if (fresh == NULL) {
                if (atomic_load_explicit(&g_count, memory_order_relaxed) >= TS_TABLE_LIMIT
                        || (fresh = new_stack(h, frames, n)) == NULL) {
                    return -1;
                }
            }
            ts_stack *expected = NULL;
            if (atomic_compare_exchange_strong_explicit(&g_table[idx], &expected, fresh,
                    memory_order_acq_rel, memory_order_acquire)) {
                atomic_fetch_add_explicit(&g_count, 1, memory_order_relaxed);
                return (jint) idx;
            }
            s = expected; /* another thread filled this slot first: maybe with our stack */
        }
        if (same_stack(s, h, frames, n)) {
            free(fresh);
            return (jint) idx;
        }
    }
    free(fresh);
    return -1;
}

static jint line_of(jvmtiEnv *jvmti, const jvmtiFrameInfo *f) {
    jvmtiLineNumberEntry *table = NULL;
    jint count = 0;
    jint line = -1;
    if (f->location < 0 || (*jvmti)->GetLineNumberTable(jvmti, f->method, &count, &table) != JVMTI_ERROR_NONE) {
        return -1;
    }
    for (jint i = 0; i < count; i++) {
        if (table[i].start_location <= f->location) {
            line = table[i].line_number; /* entries are in bytecode order; the last one not after us */
        }
    }
    (*jvmti)->Deallocate(jvmti, (unsigned char *) table);
    return line;
}

/* "com.foo.Bar.method(Bar.java:42)", as StackTraceElement prints it (without module). */
static void describe_frame(JNIEnv *jni, jvmtiEnv *jvmti, const jvmtiFrameInfo *f, char *buf, size_t len) {
    char *name = NULL, *sig = NULL, *src = NULL;
    jclass klass = NULL;
    if ((*jvmti)->GetMethodName(jvmti, f->method, &name, NULL, NULL) != JVMTI_ERROR_NONE
            || (*jvmti)->GetMethodDeclaringClass(jvmti, f->method, &klass) != JVMTI_ERROR_NONE
            || (*jvmti)->GetClassSignature(jvmti, klass, &sig, NULL) != JVMTI_ERROR_NONE || sig[0] != 'L') {
        snprintf(buf, len, "<method of an unloaded class>");
        goto done;
    }
    (void) (*jvmti)->GetSourceFileName(jvmti, klass, &src);
    size_t n = strlen(sig);
    for (size_t i = 1; i + 1 < n; i++) {
        if (sig[i] == '/') {
            sig[i] = '.';
        }
    }
    sig[n - 1] = '\0';
    jint line = line_of(jvmti, f);
    if (f->location < 0) {
        snprintf(buf, len, "%s.%s(Native Method)", sig + 1, name);
    } else if (src != NULL && line > 0) {
        snprintf(buf, len, "%s.%s(%s:%d)", sig + 1, name, src, (int) line);
    } else {
        snprintf(buf, len, "%s.%s(%s)", sig + 1, name, src != NULL ? src : "Unknown Source");
    }
done:
    if (name != NULL) (*jvmti)->Deallocate(jvmti, (unsigned char *) name);
    if (sig != NULL) (*jvmti)->Deallocate(jvmti, (unsigned char *) sig);
    if (src != NULL) (*jvmti)->Deallocate(jvmti, (unsigned char *) src);
    if (klass != NULL) (*jni)->DeleteLocalRef(jni, klass);
}

jobjectArray ts_stack_resolve(JNIEnv *jni, jvmtiEnv *jvmti, jint id) {
    if (jvmti == NULL || id < 0 || id >= TS_TABLE_SIZE) {
        return NULL;
    }
    ts_stack *s = atomic_load_explicit(&g_table[id], memory_order_acquire);
    if (s == NULL) {
        return NULL;
    }
    jclass string_class = (*jni)->FindClass(jni, "java/lang/String");
    if (string_class == NULL) {
        return NULL; /* exception pending: the caller sees it */
    }
    jobjectArray out = (*jni)->NewObjectArray(jni, s->depth, string_class, NULL);
    (*jni)->DeleteLocalRef(jni, string_class);
    for (jint i = 0; out != NULL && i < s->depth; i++) {
        char buf[1024];
        describe_frame(jni, jvmti, &s->frames[i], buf, sizeof(buf));
        jstring text = (*jni)->NewStringUTF(jni, buf);
        if (text == NULL) {
            return NULL;
        }
        (*jni)->SetObjectArrayElement(jni, out, i, text);
        (*jni)->DeleteLocalRef(jni, text);
    }
    return out;
}
