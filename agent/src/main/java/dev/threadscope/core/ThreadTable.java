package dev.threadscope.core;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Live records by their Thread, compared by identity (a Thread subclass may override
 * equals/hashCode; identity is what we mean). Striped IdentityHashMaps: a get or remove
 * allocates nothing, which matters because they run inside a brand-new or dying thread's
 * JVMTI callback, where the thread's first allocation would be its most expensive.
 */
final class ThreadTable {
    private static final int STRIPES = 64;

    @SuppressWarnings("unchecked")
    private final IdentityHashMap<Thread, ThreadRecord>[] stripes = new IdentityHashMap[STRIPES];

    ThreadTable() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new IdentityHashMap<>();
        }
    }

    private IdentityHashMap<Thread, ThreadRecord> stripe(Thread t) {
        return stripes[System.identityHashCode(t) & (STRIPES - 1)];
    }

    ThreadRecord get(Thread t) {
        IdentityHashMap<Thread, ThreadRecord> m = stripe(t);
        synchronized (m) {
            return m.get(t);
        }
    }

    /** Adds unless the thread has a record; returns the record now in the table. */
    ThreadRecord putIfAbsent(Thread t, ThreadRecord r) {
        IdentityHashMap<Thread, ThreadRecord> m = stripe(t);
        synchronized (m) {
            ThreadRecord old = m.get(t);
            if (old != null) {
                return old;
            }
            m.put(t, r);
            return r;
        }
    }

    /** Puts {@code r} in place of nothing or of the STARTING mark; returns the record now in the table. */
    ThreadRecord putOverStarting(Thread t, ThreadRecord r) {
        IdentityHashMap<Thread, ThreadRecord> m = stripe(t);
        synchronized (m) {
            ThreadRecord old = m.get(t);
            if (old != null && old != ThreadRecord.STARTING) {
                return old;
            }
            m.put(t, r);
            return r;
        }
    }

    /** Removes and returns {@code t}'s record, unless it is the STARTING mark (returned, left in place). */
    ThreadRecord removeUnlessStarting(Thread t) {
        IdentityHashMap<Thread, ThreadRecord> m = stripe(t);
        synchronized (m) {
            ThreadRecord r = m.get(t);
            return r == ThreadRecord.STARTING ? r : m.remove(t);
        }
    }

    /** Removes {@code t}'s record if it is {@code r}. */
    boolean remove(Thread t, ThreadRecord r) {
        IdentityHashMap<Thread, ThreadRecord> m = stripe(t);
        synchronized (m) {
            if (m.get(t) != r) {
                return false;
            }
            m.remove(t);
            return true;
        }
    }

    /** Removes and returns {@code t}'s record, if any: one lock round trip for a thread's end. */
    ThreadRecord remove(Thread t) {
        IdentityHashMap<Thread, ThreadRecord> m = stripe(t);
        synchronized (m) {
            return m.remove(t);
        }
    }

    List<ThreadRecord> values() {
        List<ThreadRecord> out = new ArrayList<>();
        for (IdentityHashMap<Thread, ThreadRecord> m : stripes) {
            synchronized (m) {
                out.addAll(m.values());
            }
        }
        return out;
    }

    int size() {
        int n = 0;
        for (IdentityHashMap<Thread, ThreadRecord> m : stripes) {
            synchronized (m) {
                n += m.size();
            }
        }
        return n;
    }
}
