/*
 * A fixed, lock-free open-addressing map (Java thread id -> kernel thread id). A slot is
 * claimed by a CAS on its key, then its value is published; a take clears the value first and
 * then the key. A reader reads key, value, key again: if the key changed in between (the entry
 * was taken, the slot perhaps reused) it answers -1 rather than another thread's id. Java
 * thread ids are never reused, so a key seen twice is the same entry. Every probe looks at all
 * TS_OSID_PROBE slots, so an emptied slot breaks no chain.
 */
#include "osids.h"

#include <stdatomic.h>
#include <stdint.h>

#define TS_OSID_SLOTS 32768 /* a power of two; 512 KiB, resident only as threads use it */
#define TS_OSID_PROBE 64

struct slot {
    _Atomic jlong key;
    _Atomic jlong value;
};

static struct slot g_osids[TS_OSID_SLOTS];

static uint32_t home(jlong id) {
    uint64_t h = (uint64_t) id * UINT64_C(0x9E3779B97F4A7C15);
    return (uint32_t) (h >> 40) & (TS_OSID_SLOTS - 1);
}

void ts_osid_put(jlong id, jlong tid) {
    if (id <= 0 || tid <= 0) {
        return;
    }
    uint32_t i = home(id);
    for (int n = 0; n < TS_OSID_PROBE; n++, i = (i + 1) & (TS_OSID_SLOTS - 1)) {
        jlong expected = 0;
        if (atomic_load_explicit(&g_osids[i].key, memory_order_relaxed) == 0
            && atomic_compare_exchange_strong_explicit(&g_osids[i].key, &expected, id, memory_order_acq_rel,
                                                       memory_order_relaxed)) {
            atomic_store_explicit(&g_osids[i].value, tid, memory_order_release);
            return;
        }
    }
}

static struct slot *find(jlong id) {
    if (id <= 0) {
        return NULL;
    }
    uint32_t i = home(id);
    for (int n = 0; n < TS_OSID_PROBE; n++, i = (i + 1) & (TS_OSID_SLOTS - 1)) {
        if (atomic_load_explicit(&g_osids[i].key, memory_order_acquire) == id) {
            return &g_osids[i];
        }
    }
    return NULL;
}

jlong ts_osid_get(jlong id) {
    struct slot *s = find(id);
    if (s == NULL) {
        return -1;
    }
    jlong tid = atomic_load_explicit(&s->value, memory_order_acquire);
    if (tid <= 0 || atomic_load_explicit(&s->key, memory_order_acquire) != id) {
        return -1;
    }
    return tid;
}

jlong ts_osid_take(jlong id) {
    struct slot *s = find(id);
    if (s == NULL) {
        return -1;
    }
    jlong tid = atomic_exchange_explicit(&s->value, 0, memory_order_acq_rel);
    jlong expected = id;
    /* Only the ending thread takes its own entry, so nobody else clears this key meanwhile. */
    atomic_compare_exchange_strong_explicit(&s->key, &expected, 0, memory_order_acq_rel, memory_order_relaxed);
    return tid > 0 ? tid : -1;
}
