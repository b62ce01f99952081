/*
 * A fixed, lock-free open-addressing set of Java thread ids. Entries live from Thread.start()
 * to the new thread's ThreadStart event (or to a failed start's withdrawal), so only threads
 * being started at this moment occupy it. Probing is bounded and every probe looks at all
 * TS_PROBE slots, so an emptied slot never breaks a chain and no tombstones are needed; a full
 * neighbourhood just means "not announced", and that thread takes the upcall path.
 */
#include "announced.h"

#include <stdatomic.h>
#include <stdint.h>

#define TS_SLOTS 4096 /* a power of two */
#define TS_PROBE 16

static _Atomic jlong g_slots[TS_SLOTS];

static uint32_t home(jlong id) {
    uint64_t h = (uint64_t) id * UINT64_C(0x9E3779B97F4A7C15);
    return (uint32_t) (h >> 40) & (TS_SLOTS - 1);
}

bool ts_announce(jlong id) {
    if (id <= 0) {
        return false;
    }
    uint32_t i = home(id);
    for (int n = 0; n < TS_PROBE; n++, i = (i + 1) & (TS_SLOTS - 1)) {
        jlong expected = 0;
        if (atomic_load_explicit(&g_slots[i], memory_order_relaxed) == 0
            && atomic_compare_exchange_strong_explicit(&g_slots[i], &expected, id, memory_order_release,
                                                       memory_order_relaxed)) {
            return true;
        }
    }
    return false;
}

bool ts_take_announced(jlong id) {
    if (id <= 0) {
        return false;
    }
    uint32_t i = home(id);
    for (int n = 0; n < TS_PROBE; n++, i = (i + 1) & (TS_SLOTS - 1)) {
        jlong expected = id;
        if (atomic_load_explicit(&g_slots[i], memory_order_acquire) == id
            && atomic_compare_exchange_strong_explicit(&g_slots[i], &expected, 0, memory_order_acq_rel,
                                                       memory_order_relaxed)) {
            return true;
        }
    }
    return false;
}
