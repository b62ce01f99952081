package dev.threadscope.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Live records by their Thread, compared by identity (a Thread subclass may override
 * equals/hashCode; identity is what we mean), hashed by the thread's id. Not by
 * {@link System#identityHashCode}: Thread.start() holds the new Thread's monitor when the
 * table is first asked about it, and on JDK 17 (stack locking) the identity hash of a locked
 * object makes the JVM inflate that monitor first, which cost ~2 us per start+join unpinned
 * (measured: docs/performance.md). Striped open-addressing tables of our own: a get or remove
 * allocates nothing.
 */
final class ThreadTable {
    private static final int STRIPES = 64;

    private final Stripe[] stripes = new Stripe[STRIPES];

    ThreadTable() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** A thread's hash: its id, mixed (ids are sequential). An overriding getId() only costs collisions. */
    private static int hash(Thread t) {
        long h = t.getId() * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private Stripe stripe(int hash) {
        return stripes[(hash >>> 26) & (STRIPES - 1)];
    }

    ThreadRecord get(Thread t) {
        int h = hash(t);
        Stripe m = stripe(h);
        synchronized (m) {
            return m.get(t, h);
        }
    }

    /** Adds unless the thread has a record; returns the record now in the table. */
    ThreadRecord putIfAbsent(Thread t, ThreadRecord r) {
        int h = hash(t);
        Stripe m = stripe(h);
        synchronized (m) {
            ThreadRecord old = m.get(t, h);
            if (old != null) {
                return old;
            }
            m.put(t, h, r);
            return r;
        }
    }

    /** Puts {@code r} in place of nothing or of the STARTING mark; returns the record now in the table. */
    ThreadRecord putOverStarting(Thread t, ThreadRecord r) {
        int h = hash(t);
        Stripe m = stripe(h);
        synchronized (m) {
            ThreadRecord old = m.get(t, h);
            if (old != null && old != ThreadRecord.STARTING) {
                return old;
            }
            m.put(t, h, r);
            return r;
        }
    }

    /** Removes and returns {@code t}'s record, unless it is the STARTING mark (returned, left in place). */
    ThreadRecord removeUnlessStarting(Thread t) {
        int h = hash(t);
        Stripe m = stripe(h);
        synchronized (m) {
            ThreadRecord r = m.get(t, h);
            return r == ThreadRecord.STARTING ? r : m.remove(t, h);
        }
    }

    /** Removes {@code t}'s record if it is {@code r}. */
    boolean remove(Thread t, ThreadRecord r) {
        int h = hash(t);
        Stripe m = stripe(h);
        synchronized (m) {
            if (m.get(t, h) != r) {
                return false;
            }
            m.remove(t, h);
            return true;
        }
    }

    /** Removes and returns {@code t}'s record, if any: one lock round trip for a thread's end. */
    ThreadRecord remove(Thread t) {
        int h = hash(t);
        Stripe m = stripe(h);
        synchronized (m) {
            return m.remove(t, h);
        }
    }

    List<ThreadRecord> values() {
        List<ThreadRecord> out = new ArrayList<>();
        for (Stripe m : stripes) {
            synchronized (m) {
                m.addValuesTo(out);
            }
        }
        return out;
    }

    int size() {
        int n = 0;
        for (Stripe m : stripes) {
            synchronized (m) {
                n += m.size;
            }
        }
        return n;
    }

    /**
     * One stripe: linear probing over a power-of-two array of (thread, record) pairs, at most
     * half full; a removal shifts the following entries back, so there are no tombstones.
     * Guarded by its own monitor.
     */
    private static final class Stripe {
        private Object[] table = new Object[2 * 8]; // key, value, key, value...
        private int size;

        private int slot(int hash, int length) {
            return (hash & (length / 2 - 1)) * 2;
        }

        ThreadRecord get(Thread t, int hash) {
            Object[] tab = table;
            for (int i = slot(hash, tab.length); ; i = (i + 2) & (tab.length - 1)) {
                Object k = tab[i];
                if (k == t) {
                    return (ThreadRecord) tab[i + 1];
                }
                if (k == null) {
                    return null;
                }
            }
        }

        void put(Thread t, int hash, ThreadRecord r) {
            Object[] tab = table;
            for (int i = slot(hash, tab.length); ; i = (i + 2) & (tab.length - 1)) {
                Object k = tab[i];
                if (k == t) {
                    tab[i + 1] = r;
                    return;
                }
                if (k == null) {
                    tab[i] = t;
                    tab[i + 1] = r;
                    if (++size * 4 > tab.length) { // more than half the pairs in use
                        resize(tab.length * 2);
                    }
                    return;
                }
            }
        }

        ThreadRecord remove(Thread t, int hash) {
            Object[] tab = table;
            int len = tab.length;
            for (int i = slot(hash, len); ; i = (i + 2) & (len - 1)) {
                Object k = tab[i];
                if (k == null) {
                    return null;
                }
                if (k == t) {
                    ThreadRecord old = (ThreadRecord) tab[i + 1];
                    tab[i] = null;
                    tab[i + 1] = null;
                    size--;
                    closeGap(tab, i);
                    if (len > 16 && size * 16 < len) { // under an eighth of the pairs in use
                        resize(len / 2);
                    }
                    return old;
                }
            }
        }

        /** Moves back the entries after the emptied slot {@code gap} that can no longer be reached. */
        private void closeGap(Object[] tab, int gap) {
            int len = tab.length;
            for (int i = (gap + 2) & (len - 1); tab[i] != null; i = (i + 2) & (len - 1)) {
                int home = slot(hash((Thread) tab[i]), len);
                // the entry at i stays if its home lies cyclically in (gap, i]
                boolean reachable = gap < i ? (home > gap && home <= i) : (home > gap || home <= i);
                if (!reachable) {
                    tab[gap] = tab[i];
                    tab[gap + 1] = tab[i + 1];
                    tab[i] = null;
                    tab[i + 1] = null;
                    gap = i;
                }
            }
        }

        private void resize(int length) {
            Object[] old = table;
            Object[] tab = new Object[length];
            for (int j = 0; j < old.length; j += 2) {
                Object k = old[j];
                if (k != null) {
                    int i = slot(hash((Thread) k), length);
                    while (tab[i] != null) {
                        i = (i + 2) & (length - 1);
                    }
                    tab[i] = k;
                    tab[i + 1] = old[j + 1];
                }
            }
            table = tab;
        }

        void addValuesTo(List<ThreadRecord> out) {
            Object[] tab = table;
            for (int j = 0; j < tab.length; j += 2) {
                if (tab[j] != null) {
                    out.add((ThreadRecord) tab[j + 1]);
                }
            }
        }
    }
}
