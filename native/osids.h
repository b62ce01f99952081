/*
 * Kernel thread ids by Java thread id, for every thread whose JVMTI ThreadStart was seen, until
 * its end. JVMTI thread-local storage would hold them for free, but reading another thread's
 * (GetThreadLocalStorage with a thread argument) races with that thread's exit inside the VM
 * and crashed JDK 25 under churn; this table involves no VM state at all.
 */
#ifndef THREADSCOPE_OSIDS_H
#define THREADSCOPE_OSIDS_H

#include <jni.h>

/* Records id -> tid (both > 0); silently not if the id's neighbourhood is full. */
void ts_osid_put(jlong id, jlong tid);

/* The tid recorded for id, or -1. */
jlong ts_osid_get(jlong id);

/* Removes id's entry; its tid, or -1. */
jlong ts_osid_take(jlong id);

#endif
