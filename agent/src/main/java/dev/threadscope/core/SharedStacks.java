package dev.threadscope.core;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.WeakHashMap;

/**
 * Creation stacks resolved to text and shared. At Thread.start() a stack is captured as a
 * Throwable: the cheapest capture there is (~0.5 us), but each one holds ~700 bytes of
 * backtrace for as long as its thread lives, and its class references keep the classes on it
 * loaded. Threads that live on have their stack resolved once, off the start path (after a
 * GC, see {@link Registry#afterGc}), and interned here: every thread started from the
 * same place shares one array, and frames are interned strings. An entry lasts as long as a
 * record refers to it.
 */
public final class SharedStacks {
    private final WeakHashMap<Stack, WeakReference<Stack>> table = new WeakHashMap<>();
    private int resolved;

    /** The shared stack equal to {@code frames} (interning it if new). */
    synchronized Stack intern(String[] frames) {
        Stack candidate = new Stack(frames);
        WeakReference<Stack> ref = table.get(candidate);
        Stack known = ref == null ? null : ref.get();
        if (known != null) {
            return known;
        }
        for (int i = 0; i < frames.length; i++) {
            frames[i] = frames[i].intern(); // frames recur across stacks (Thread.start, main, pools)
        }
        table.put(candidate, new WeakReference<>(candidate));
        return candidate;
    }

    /** Distinct stacks held now (for tests and the debug log). */
    public synchronized int distinct() {
        return table.size();
    }

    /** Stacks resolved so far, shared or not. */
    public synchronized int resolved() {
        return resolved;
    }

    synchronized void countResolved() {
        resolved++;
    }

    /**
     * The frames of a creation stack, from the Thread.start() (or VirtualThread.start()) frame
     * outwards: the frames inside threadscope and the JDK above it are left out (all frames if
     * there is no such frame).
     */
    static String[] resolve(Throwable stack) {
        StackTraceElement[] elements = stack.getStackTrace();
        int from = 0;
        for (int i = 0; i < elements.length; i++) {
            StackTraceElement e = elements[i];
            String method = e.getMethodName();
            if ("start".equals(method) && ("java.lang.Thread".equals(e.getClassName())
                    || "java.lang.VirtualThread".equals(e.getClassName()))) {
                from = i;
                break;
            }
        }
        String[] frames = new String[elements.length - from];
        for (int i = from; i < elements.length; i++) {
            frames[i - from] = elements[i].toString();
        }
        return frames;
    }

    /** One distinct stack; immutable (final fields: safe to hand to other threads through a plain field). */
    static final class Stack {
        private final String[] frames;
        private final int hash;

        Stack(String[] frames) {
            this.frames = frames;
            this.hash = Arrays.hashCode(frames);
        }

        String[] frames() {
            return frames.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Stack && ((Stack) o).hash == hash && Arrays.equals(((Stack) o).frames, frames);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
