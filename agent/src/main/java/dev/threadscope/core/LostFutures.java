package dev.threadscope.core;

import java.lang.ref.Cleaner;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exceptions captured by a FutureTask (ExecutorService.submit) that nobody retrieved before
 * the future was garbage-collected. A failed future is remembered weakly with its exception
 * already rendered; get() (or exceptionNow()) forgets it; if the collector clears it first,
 * it was lost. Normal completions cost one volatile read; the queue of collected futures is
 * polled on the next failure, thread end, or read of Lost/LostCount, and, while failed futures
 * are pending, after every GC (on the JDK's Common-Cleaner thread), so that a listener hears
 * of a loss in an application that has gone quiet.
 */
public final class LostFutures implements Consumer<ErrorRecord> {
    private final Registry registry;
    private final History<ErrorRecord> lost;
    private final WeakIdentityMap<Object, ErrorRecord> failed = new WeakIdentityMap<>();
    private final AtomicLong count = new AtomicLong();
    private volatile ErrorListener listener;
    private volatile Cleaner cleaner;
    /** A sentinel is registered (guarded by this; no AtomicBoolean: premain's first VarHandle, ~1 ms). */
    private boolean armed;

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
        failed.put(task, new ErrorRecord(System.currentTimeMillis(), t, registry.kindOf(t), error));
        armAfterGc();
    }

    /** Polls after GCs from now on, whenever failed futures are pending (null: never). */
    public void pollAfterGcs(Cleaner jdkCleaner) {
        this.cleaner = jdkCleaner;
        if (!failed.isEmpty()) {
            armAfterGc();
        }
    }

    /** A sentinel that dies at the next GC, whose cleaning action polls; one at a time. */
    private void armAfterGc() {
        Cleaner c = cleaner;
        if (c == null) {
            return;
        }
        synchronized (this) {
            if (armed) {
                return;
            }
            armed = true;
        }
        try {
            c.register(new Object(), new AfterGcPoll(this));
        } catch (Throwable t) {
            disarm(); // the cleaner is gone (shutting down) or no memory: the other polls remain
        }
    }

    private synchronized void disarm() {
        armed = false;
    }

    private static final class AfterGcPoll implements Runnable {
        private final LostFutures lost;

        AfterGcPoll(LostFutures lost) {
            this.lost = lost;
        }

        @Override
        public void run() {
            try {
                lost.disarm();
                lost.poll();
                if (!lost.failed.isEmpty()) {
                    lost.armAfterGc(); // some are still reachable: look again after the next GC
                }
            } catch (Throwable ignored) {
                // never disturb the cleaner thread
            }
        }
    }

    /** FutureTask.report() or exceptionNow(): its outcome was looked at. Cheap when nothing failed. */
    public void retrieved(Object task) {
        if (!failed.isEmpty()) {
            failed.remove(task);
        }
    }

    /** Moves futures collected without retrieval to the lost list. */
    public void poll() {
        failed.expunge(this);
    }

    /** A failed future was collected unread (called by {@link #poll()}). */
    @Override
    public void accept(ErrorRecord record) {
        count.incrementAndGet();
        lost.add(record);
        ErrorListener l = listener;
        if (l != null) {
            l.lost(record);
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
