package dev.threadscope.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Live records by their Thread, compared by identity (a Thread subclass may override
 * equals/hashCode; identity is what we mean), hashed by the thread's id. Not by
 * {@link System#identityHashCode}: Thread.start() holds the new Thread's monitor when the
 * table is first asked about it, and on JDK 17 (stack locking) the identity hash of a locked
 * object makes the JVM inflate that monitor first, which cost ~1-2 us per start+join unpinned
 * (measured: docs/performance.md).
 *
 * <p>64 stripes, each an open-addressing table of (thread, record) pairs, at most half full,
 * guarded by its own lock object; a removal shifts the following entries back, so there are
 * no tombstones. A get or remove allocates nothing. (Plain arrays rather than a stripe class:
 * one class fewer to load at start-up.)
 */
final class ThreadTable {
    private static final int STRIPES = 64;
    private static final int MIN_LENGTH = 16; // Object slots: 8 pairs

    private final Object[] locks = new Object[STRIPES];
    private final Object[][] tables = new Object[STRIPES][]; // key, value, key, value...
    private final int[] sizes = new int[STRIPES];

    ThreadTable() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
            tables[i] = new Object[MIN_LENGTH];
        }
    }

    /** A thread's hash: its id, mixed (ids are sequential). An overriding getId() only costs collisions. */
    private static int hash(Thread t) {
        long h = t.getId() * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private static int stripe(int hash) {
        return (hash >>> 26) & (STRIPES - 1);
    }

    private static int slot(int hash, int length) {
        return (hash & (length / 2 - 1)) * 2;
    }

    ThreadRecord get(Thread t) {
        int h = hash(t);
        int s = stripe(h);
        synchronized (locks[s]) {
            return find(tables[s], t, h);
        }
    }

    /** Adds unless the thread has a record; returns the record now in the table. */
    ThreadRecord putIfAbsent(Thread t, ThreadRecord r) {
        int h = hash(t);
        int s = stripe(h);
        synchronized (locks[s]) {
            ThreadRecord old = find(tables[s], t, h);
            if (old != null) {
                return old;
            }
            put(s, t, h, r);
            return r;
        }
    }

    /** Puts {@code r} in place of nothing or of the STARTING mark; returns the record now in the table. */
    ThreadRecord putOverStarting(Thread t, ThreadRecord r) {
        int h = hash(t);
        int s = stripe(h);
        synchronized (locks[s]) {
            ThreadRecord old = find(tables[s], t, h);
            if (old != null && old != ThreadRecord.STARTING) {
                return old;
            }
            put(s, t, h, r);
            return r;
        }
    }

    /** Removes and returns {@code t}'s record, unless it is the STARTING mark (returned, left in place). */
    ThreadRecord removeUnlessStarting(Thread t) {
        int h = hash(t);
        int s = stripe(h);
        synchronized (locks[s]) {
            ThreadRecord r = find(tables[s], t, h);
            return r == ThreadRecord.STARTING ? r : delete(s, t, h);
        }
    }

    /** Removes {@code t}'s record if it is {@code r}. */
    boolean remove(Thread t, ThreadRecord r) {
        int h = hash(t);
        int s = stripe(h);
        synchronized (locks[s]) {
            if (find(tables[s], t, h) != r) {
                return false;
            }
            delete(s, t, h);
            return true;
        }
    }

    /** Removes and returns {@code t}'s record, if any: one lock round trip for a thread's end. */
    ThreadRecord remove(Thread t) {
        int h = hash(t);
        int s = stripe(h);
        synchronized (locks[s]) {
            return delete(s, t, h);
        }
    }

    List<ThreadRecord> values() {
        List<ThreadRecord> out = new ArrayList<>();
        for (int s = 0; s < STRIPES; s++) {
            synchronized (locks[s]) {
                Object[] tab = tables[s];
                for (int j = 0; j < tab.length; j += 2) {
                    if (tab[j] != null) {
                        out.add((ThreadRecord) tab[j + 1]);
                    }
                }
            }
        }
        return out;
    }

    int size() {
        int n = 0;
        for (int s = 0; s < STRIPES; s++) {
            synchronized (locks[s]) {
                n += sizes[s];
            }
        }
        return n;
    }

    // ---- one stripe, its lock held ----------------------------------------------------------

    private static ThreadRecord find(Object[] tab, Thread t, int hash) {
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

    private void put(int s, Thread t, int hash, ThreadRecord r) {
        Object[] tab = tables[s];
        for (int i = slot(hash, tab.length); ; i = (i + 2) & (tab.length - 1)) {
            Object k = tab[i];
            if (k == t) {
                tab[i + 1] = r;
                return;
            }
            if (k == null) {
                tab[i] = t;
                tab[i + 1] = r;
                if (++sizes[s] * 4 > tab.length) { // more than half the pairs in use
                    tables[s] = resized(tab, tab.length * 2);
                }
                return;
            }
        }
    }

    private ThreadRecord delete(int s, Thread t, int hash) {
        Object[] tab = tables[s];
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
                closeGap(tab, i);
                if (--sizes[s] * 16 < len && len > MIN_LENGTH) { // under an eighth of the pairs in use
                    tables[s] = resized(tab, len / 2);
                }
                return old;
            }
        }
    }

    /** Moves back the entries after the emptied slot {@code gap} that could no longer be reached. */
    private static void closeGap(Object[] tab, int gap) {
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

    private static Object[] resized(Object[] old, int length) {
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
        return tab;
    }
}
