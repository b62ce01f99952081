package dev.threadscope.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} ended threads, oldest dropped first, kept in columns of primitives
 * rather than as records. Why: an ended thread's record and its name are young objects, and
 * a ring of them stays reachable for ~15 young collections, each of which copies them again
 * (with JNI attach/detach churn, where every attaching thread retires a TLAB and so the JVM
 * collects every ~50 threads, that copying cost ~0.6 us per thread: measured, see
 * docs/performance.md). Columns are allocated a block at a time as the ring fills, are soon
 * tenured, and a thread's end only writes numbers and characters into them; nothing it
 * leaves behind is young except a creation stack not yet shared. Names of up to
 * {@link #NAME_CHARS} characters are copied in; longer ones are kept as strings. Group and
 * creator names are the groups' and creators' own strings, which live on anyway.
 * Records are rebuilt when read.
 */
final class EndedThreads {
    static final int NAME_CHARS = 32;
    private static final int BLOCK = 128;
    private static final int DAEMON = 1 << 4;
    private static final int SEEN_AT_LOAD = 1 << 5;
    private static final int CARRIER = 1 << 6;

    private final int capacity;
    // Per block (index = slot / BLOCK), each allocated at its first write.
    private final long[][] longs; // 5 per slot: id, start, end, kernel id, creator id
    private final byte[][] flags; // kind ordinal | DAEMON | SEEN_AT_LOAD | CARRIER
    private final char[][] names; // NAME_CHARS per slot
    private final Object[][] refs; // 4 per slot: long name or null, group name, creator name, creation stack
    private final byte[][] nameLengths;
    private long added;

    EndedThreads(int capacity) {
        this.capacity = capacity;
        int blocks = (capacity + BLOCK - 1) / BLOCK;
        this.longs = new long[blocks][];
        this.flags = new byte[blocks][];
        this.names = new char[blocks][];
        this.refs = new Object[blocks][];
        this.nameLengths = new byte[blocks][];
    }

    int capacity() {
        return capacity;
    }

    /** Copies an ended record in (its name is the last one, see ThreadRecord.ended). */
    synchronized void add(ThreadRecord r) {
        if (capacity == 0) {
            return;
        }
        int slot = (int) (added % capacity);
        int b = slot / BLOCK;
        int i = slot % BLOCK;
        if (longs[b] == null) {
            int n = Math.min(BLOCK, capacity - b * BLOCK);
            longs[b] = new long[5 * n];
            flags[b] = new byte[n];
            names[b] = new char[NAME_CHARS * n];
            nameLengths[b] = new byte[n];
            refs[b] = new Object[4 * n];
        }
        long[] l = longs[b];
        l[5 * i] = r.id();
        l[5 * i + 1] = r.startMillis();
        l[5 * i + 2] = r.endMillis();
        l[5 * i + 3] = r.osThreadId();
        l[5 * i + 4] = r.creatorId();
        flags[b][i] = (byte) (r.kind().ordinal() | (r.daemon() ? DAEMON : 0) | (r.seenAtLoad() ? SEEN_AT_LOAD : 0)
                | (r.carrier() ? CARRIER : 0));
        String name = r.name();
        Object[] o = refs[b];
        if (name.length() <= NAME_CHARS) {
            name.getChars(0, name.length(), names[b], NAME_CHARS * i);
            nameLengths[b][i] = (byte) name.length();
            o[4 * i] = null;
        } else {
            o[4 * i] = name;
        }
        o[4 * i + 1] = r.groupName();
        o[4 * i + 2] = r.creatorName();
        o[4 * i + 3] = r.creationStackHeld();
        added++;
    }

    /**
     * Fills {@code stacks} (and {@code slots}) with creation stacks still held as Throwables by
     * entries that ended before {@code cutoffMillis}, oldest first; returns how many. Such a
     * stack holds the classes on it (their loader too) for as long as the entry stays.
     */
    synchronized int unsharedStacks(long cutoffMillis, int[] slots, Throwable[] stacks) {
        int n = (int) Math.min(added, capacity);
        int found = 0;
        for (long k = added - n; k < added && found < stacks.length; k++) {
            int slot = (int) (k % capacity);
            int b = slot / BLOCK;
            int i = slot % BLOCK;
            Object stack = refs[b][4 * i + 3];
            if (stack instanceof Throwable && longs[b][5 * i + 2] < cutoffMillis) {
                slots[found] = slot;
                stacks[found++] = (Throwable) stack;
            }
        }
        return found;
    }

    /** Puts {@code shared} in place of {@code was} at {@code slot}, unless the slot has been reused since. */
    synchronized void replaceStack(int slot, Throwable was, Object shared) {
        Object[] o = refs[slot / BLOCK];
        int at = 4 * (slot % BLOCK) + 3;
        if (o[at] == was) {
            o[at] = shared;
        }
    }

    /** Newest first. */
    synchronized List<ThreadRecord> newestFirst() {
        int n = (int) Math.min(added, capacity);
        List<ThreadRecord> out = new ArrayList<>(n);
        for (long k = added - 1; k >= added - n; k--) {
            out.add(at((int) (k % capacity)));
        }
        return out;
    }

    /** The newest entry for thread {@code id}, or null. */
    synchronized ThreadRecord find(long id) {
        int n = (int) Math.min(added, capacity);
        for (long k = added - 1; k >= added - n; k--) {
            int slot = (int) (k % capacity);
            if (longs[slot / BLOCK][5 * (slot % BLOCK)] == id) {
                return at(slot);
            }
        }
        return null;
    }

    private ThreadRecord at(int slot) {
        int b = slot / BLOCK;
        int i = slot % BLOCK;
        long[] l = longs[b];
        Object[] o = refs[b];
        int f = flags[b][i];
        String name = o[4 * i] != null ? (String) o[4 * i] : new String(names[b], NAME_CHARS * i, nameLengths[b][i]);
        return new ThreadRecord(l[5 * i], name, Kind.of(f & 0xf), (f & DAEMON) != 0, (String) o[4 * i + 1],
                l[5 * i + 1], l[5 * i + 2], l[5 * i + 3], l[5 * i + 4], (String) o[4 * i + 2], o[4 * i + 3],
                (f & SEEN_AT_LOAD) != 0, (f & CARRIER) != 0);
    }
}
