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

#define TS_PREFIX "[threadscope] "
#define TS_BRIDGE_CLASS "java/lang/ThreadscopeBridge"

/* Signatures of the static methods of the sink class the agent hands to nativeStart. */
#define TS_SINK_STARTED_NAME "threadStarted"
#define TS_SINK_ENDED_NAME "threadEnded"
#define TS_SINK_SIG "(Ljava/lang/Thread;J)V"

#endif
