package dev.threadscope.core;

import java.lang.ref.Cleaner;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exceptions captured by a FutureTask (ExecutorService.submit) that nobody retrieved before
 * the future was garbage-collected. A failed future is remembered weakly with its exception
 * already rendered; get() (or exceptionNow()) forgets it; if the collector clears it first,
 * it was lost. Normal completions cost one volatile read.
 *
 * <p>Each failed future is also registered with the JDK's cleaner, whose action (on the
 * Common-Cleaner thread) reports it the moment it is collected unread: a listener hears of the
 * loss right after that GC, also in an application that has gone quiet, and nothing runs at
 * other GCs. Without the cleaner (it should not happen) the weak map's queue is polled instead,
 * on the next failure, thread end, or read of Lost/LostCount.
 */
public final class LostFutures {
    private final Registry registry;
    private final History<ErrorRecord> lost;
    private final WeakIdentityMap<Object, Pending> failed = new WeakIdentityMap<>();
    private final AtomicLong count = new AtomicLong();
    private volatile ErrorListener listener;
    private volatile Cleaner cleaner;

    /** A failed future not retrieved yet. Holds no reference to the future itself. */
    private static final class Pending implements Runnable {
        private final LostFutures owner;
        private final ErrorRecord record;
        private volatile boolean retrieved;
        private volatile boolean watched; // the cleaner reports it; the map's queue must not

        Pending(LostFutures owner, ErrorRecord record) {
            this.owner = owner;
            this.record = record;
        }

        /** The cleaner's action: the future has been collected. */
        @Override
        public void run() {
            if (!retrieved) {
                owner.lost(record);
            }
        }
    }

    public LostFutures(Registry registry, int history) {
        this.registry = registry;
        this.lost = new History<>(history);
    }

    /** Reports each loss through the JDK's cleaner from now on (null: by polling only). */
    public void useCleaner(Cleaner jdkCleaner) {
        this.cleaner = jdkCleaner;
    }

    /** FutureTask.setException(error) on {@code task}, in the thread that ran it. */
    public void failed(Object task, Throwable error) {
        poll();
        if (task == null || error == null || (task instanceof Future && ((Future<?>) task).isCancelled())) {
            return;
        }
        Thread t = Thread.currentThread();
        Pending p = new Pending(this, new ErrorRecord(System.currentTimeMillis(), t, registry.kindOf(t), error));
        Cleaner c = cleaner;
        if (c != null) {
            try {
                c.register(task, p);
                p.watched = true;
            } catch (Throwable shuttingDown) {
                // the cleaner is gone (VM exiting) or no memory: the map's queue reports it
            }
        }
        failed.put(task, p);
    }

    /** FutureTask.report() or exceptionNow(): its outcome was looked at. Cheap when nothing failed. */
    public void retrieved(Object task) {
        if (!failed.isEmpty()) {
            Pending p = failed.remove(task);
            if (p != null) {
                p.retrieved = true;
            }
        }
    }

    /**
     * Forgets collected futures; reports those the cleaner does not watch. Called at every thread
     * end: nothing at all while no failed future is pending (no lambda either: the first one
     * spins classes, ~1 ms, at the end of a hello world's main thread).
     */
    public void poll() {
        if (!failed.isEmpty()) {
            failed.expunge(new Forget(this));
        }
    }

    private static final class Forget implements java.util.function.Consumer<Pending> {
        private final LostFutures owner;

        Forget(LostFutures owner) {
            this.owner = owner;
        }

        @Override
        public void accept(Pending p) {
            if (!p.watched && !p.retrieved) {
                owner.lost(p.record);
            }
        }
    }

    /** A failed future was collected unread. */
    private void lost(ErrorRecord record) {
        try {
            count.incrementAndGet();
            lost.add(record);
            ErrorListener l = listener;
            if (l != null) {
                l.lost(record);
            }
        } catch (Throwable ignored) {
            // never disturb the cleaner thread or the caller
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
}
