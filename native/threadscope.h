/*
 * threadscope native side: turns JVMTI thread events into calls on the Java registry.
 *
 * The library is loaded by java.lang.ThreadscopeBridge (a class the agent defines into
 * java.base), so it belongs to the boot loader; JNI_OnLoad binds the bridge's native
 * methods with RegisterNatives. No policy lives here.
 */
#ifndef THREADSCOPE_H
#define THREADSCOPE_H

#include <jni.h>
#include <jvmti.h>
#include <stdatomic.h>

#define TS_PREFIX "[threadscope] "
#define TS_BRIDGE_CLASS "java/lang/ThreadscopeBridge"

/* Signatures of the static methods of the sink class the agent hands to nativeStart. */
#define TS_SINK_STARTED_NAME "threadStarted"
#define TS_SINK_ENDED_NAME "threadEnded"
#define TS_SINK_SIG "(Ljava/lang/Thread;J)V"

/* Natives bound on the sink class by nativeStart. */
#define TS_STACK_DEPTH 40

/* stacks.c: the current thread's stack interned; its id (>= 0), or -1. */
jint ts_stack_capture(jvmtiEnv *jvmti);
/* stacks.c: an interned stack as String[] ("pkg.Class.method(File.java:line)"), or NULL. */
jobjectArray ts_stack_resolve(JNIEnv *jni, jvmtiEnv *jvmti, jint id);

#endif
