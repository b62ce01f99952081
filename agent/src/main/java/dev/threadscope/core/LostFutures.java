package dev.threadscope.core;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exceptions captured by a FutureTask (ExecutorService.submit) that nobody retrieved before
 * the future was garbage-collected. A failed future is remembered weakly with its exception
 * already rendered; get() (or exceptionNow()) forgets it; if the collector clears it first,
 * it was lost. Normal completions cost one volatile read; the queue of collected futures is
 * polled on the next failure, thread end, or read of Lost/LostCount.
 */
public final class LostFutures {
    private final Registry registry;
    private final History<ErrorRecord> lost;
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final ConcurrentHashMap<Object, Candidate> failed = new ConcurrentHashMap<>();
    private final AtomicLong count = new AtomicLong();
    private volatile ErrorListener listener;

    public LostFutures(Registry registry, int history) {
        this.registry = registry;
        this.lost = new History<>(history);
    }

    /** FutureTask.setException(error) on {@code task}, in the thread that ran it. */
    public void failed(Object task, Throwable error) {
        poll();
        if (task == null || error == null || (task instanceof Future && ((Future<?>) task).isCancelled())) {
            return;
        }
        Thread t = Thread.currentThread();
        ErrorRecord r = new ErrorRecord(System.currentTimeMillis(), t, registry.kindOf(t), error);
        Candidate c = new Candidate(task, r, collected);
        failed.put(c, c);
    }

    /** FutureTask.report() or exceptionNow(): its outcome was looked at. Cheap when nothing failed. */
    public void retrieved(Object task) {
        if (!failed.isEmpty()) {
            failed.remove(new Probe(task));
        }
    }

    /** Moves futures collected without retrieval to the lost list. */
    public void poll() {
        Object ref;
        while ((ref = collected.poll()) != null) {
            Candidate c = (Candidate) ref;
            if (failed.remove(c) != null) {
                count.incrementAndGet();
                lost.add(c.record);
                ErrorListener l = listener;
                if (l != null) {
                    l.lost(c.record);
                }
            }
        }
    }

    public long count() {
        poll();
        return count.get();
    }

    /** Newest first, at most {@code history}. */
    public List<ErrorRecord> lost() {
        poll();
        return lost.newestFirst();
    }

    /** Failed futures still reachable and not yet retrieved. */
    public int pending() {
        return failed.size();
    }

    public void clear() {
        lost.clear();
        count.set(0);
    }

    public void setListener(ErrorListener listener) {
        this.listener = listener;
    }

    /** A weak reference to a failed task; equal to a {@link Probe} for the same task. */
    private static final class Candidate extends WeakReference<Object> {
        final int hash;
        final ErrorRecord record;

        Candidate(Object task, ErrorRecord record, ReferenceQueue<Object> queue) {
            super(task, queue);
            this.hash = System.identityHashCode(task);
            this.record = record;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }
    }

    /** Looks a task up by identity, without a strong map key. */
    private static final class Probe {
        final Object task;

        Probe(Object task) {
            this.task = task;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(task);
        }

        @Override
        public boolean equals(Object o) {
            return o == this || (o instanceof Candidate && ((Candidate) o).get() == task);
        }
    }
}
