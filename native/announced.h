/*
 * The set of threads that Thread.start() has announced and whose JVMTI ThreadStart has not
 * come yet, by Java thread id. Such a thread's record is complete on the Java side, so its
 * start callback stays in C: no upcall, which is the first Java code a new thread would run
 * and the largest cost threadscope added to a thread's start (docs/performance.md).
 */
#ifndef THREADSCOPE_ANNOUNCED_H
#define THREADSCOPE_ANNOUNCED_H

#include <jni.h>
#include <stdbool.h>

/* Adds id (> 0); false if its neighbourhood of the table is full (the caller then expects an upcall). */
bool ts_announce(jlong id);

/* Removes id; true if it was there. */
bool ts_take_announced(jlong id);

#endif
