package dev.threadscope.core;

import java.util.ArrayList;
import java.util.List;

/** The last {@code capacity} items added, oldest dropped first. */
public final class History<T> {
    private final Object[] ring;
    private long added;

    public History(int capacity) {
        this.ring = new Object[capacity];
    }

    public synchronized void add(T item) {
        if (ring.length > 0) {
            ring[(int) (added % ring.length)] = item;
            added++;
        }
    }

    /** Newest first. */
    @SuppressWarnings("unchecked")
    public synchronized List<T> newestFirst() {
        int n = (int) Math.min(added, ring.length);
        List<T> out = new ArrayList<>(n);
        for (long i = added - 1; i >= added - n; i--) {
            out.add((T) ring[(int) (i % ring.length)]);
        }
        return out;
    }

    public synchronized void clear() {
        java.util.Arrays.fill(ring, null);
        added = 0;
    }

    public int capacity() {
        return ring.length;
    }
}
