package dev.threadscope.core;

import java.lang.ref.WeakReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every uncaught exception, counted once whichever path saw it first: the hook in
 * Thread.dispatchUncaughtException (every thread, whatever its handlers) or threadscope's
 * default handler (which applications and libraries may also call directly).
 */
public final class UncaughtLog {
    static final int MAX_TYPES = 1000;
    static final String OTHER_TYPES = "(other types)";

    private final Registry registry;
    private final History<ErrorRecord> recent;
    private final AtomicLong total = new AtomicLong();
    private final ConcurrentHashMap<String, LongAdder> byType = new ConcurrentHashMap<>();
    /**
     * The last throwables recorded and the threads they ended, so that the default handler,
     * which the JDK calls next on the same thread, does not count them again: guarded by
     * {@code justRecorded}. By pair, not by throwable: one throwable may end several threads (a
     * shared instance, the JVM's preallocated OutOfMemoryError), each a death of its own. Plain
     * arrays: an AtomicReferenceArray would be premain's first VarHandle, ~1 ms of start-up
     * (measured on 17 and 25), for a rare event.
     */
    @SuppressWarnings("unchecked")
    private final WeakReference<Throwable>[] justRecorded = new WeakReference[64];
    private final long[] justRecordedThreads = new long[64];
    private int next;
    private volatile ErrorListener listener;
    private volatile ErrorListener recorder;

    public UncaughtLog(Registry registry, int history) {
        this.registry = registry;
        this.recent = new History<>(history);
    }

    /** Records {@code error} as uncaught on {@code thread}, unless it was just recorded for it. Never throws. */
    public void record(Thread thread, Throwable error) {
        if (thread == null || error == null || recentlyRecorded(thread, error)) {
            return;
        }
        try {
            synchronized (justRecorded) {
                int slot = next++ & 63;
                justRecorded[slot] = new WeakReference<>(error);
                justRecordedThreads[slot] = thread.getId();
            }
            ErrorRecord r = new ErrorRecord(System.currentTimeMillis(), thread, registry.kindOf(thread), error);
            total.incrementAndGet();
            String type = byType.size() < MAX_TYPES || byType.containsKey(r.exceptionClass())
                    ? r.exceptionClass() : OTHER_TYPES;
            byType.computeIfAbsent(type, k -> new LongAdder()).increment();
            recent.add(r);
            ErrorListener l = listener;
            if (l != null) {
                l.uncaught(r);
            }
            ErrorListener rec = recorder;
            if (rec != null) {
                rec.uncaught(r);
            }
        } catch (Throwable ignored) {
            // the application's own handling follows regardless
        }
    }

    boolean recentlyRecorded(Thread thread, Throwable error) {
        long id = thread.getId();
        synchronized (justRecorded) {
            for (int i = 0; i < justRecorded.length; i++) {
                WeakReference<Throwable> ref = justRecorded[i];
                if (ref != null && ref.get() == error && justRecordedThreads[i] == id) {
                    return true;
                }
            }
        }
        return false;
    }

    public long total() {
        return total.get();
    }

    public Map<String, Long> countsByType() {
        Map<String, Long> m = new LinkedHashMap<>();
        byType.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Newest first, at most {@code history}. */
    public List<ErrorRecord> recent() {
        return recent.newestFirst();
    }

    public void clear() {
        recent.clear();
        byType.clear();
        total.set(0);
    }

    /** Always told, unlike the JMX listener (JFR events). */
    public void setRecorder(ErrorListener recorder) {
        this.recorder = recorder;
    }

    public void setListener(ErrorListener listener) {
        this.listener = listener;
    }
}
