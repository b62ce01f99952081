/*
 * Kernel thread ids read from the JVM's own structures, for any live thread, by any thread
 * that keeps it from ending (see kernelids.c).
 */
#ifndef TS_KERNELIDS_H
#define TS_KERNELIDS_H

#include <jni.h>
#include <jvmti.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Finds the offsets in the JVM's gHotSpotVMStructs table and checks them on the calling
 * thread against gettid(). False (and why, in err) if anything is missing or disagrees;
 * then ts_kernel_id_of always answers -1.
 */
bool ts_kernel_ids_init(JNIEnv *jni, jvmtiEnv *jvmti, char *err, size_t len);

/*
 * The kernel id of {@code thread}, or -1. The caller must keep the thread from being freed:
 * be the thread itself, or hold its java.lang.Thread monitor (the JVM takes that monitor to
 * end a thread, before it frees anything), and the thread must have been started.
 */
jlong ts_kernel_id_of(JNIEnv *jni, jthread thread);

#endif
