package dev.threadscope.jmx;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.threadscope.core.Threads;

/**
 * Delivers JMX notifications off the application's threads: a listener that blocks must
 * never hold up a Thread.start(). One daemon thread, started with the first notification;
 * a bounded queue, and what does not fit is dropped and counted.
 */
final class Notifier implements Executor {
    static final int QUEUE = 10_000;
    /** One delivery thread for all of threadscope's MBeans. */
    static final Notifier SHARED = new Notifier();
    private final AtomicLong dropped = new AtomicLong();
    private volatile ThreadPoolExecutor pool;

    @Override
    public void execute(Runnable task) {
        pool().execute(task);
    }

    long dropped() {
        return dropped.get();
    }

    private ThreadPoolExecutor pool() {
        ThreadPoolExecutor p = pool;
        if (p == null) {
            synchronized (this) {
                p = pool;
                if (p == null) {
                    // No core time-out: the worker's own end would be a notification that
                    // starts a new worker, forever.
                    p = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
                        return Threads.ours(r, "threadscope-notifier");
                    }, (r, executor) -> dropped.incrementAndGet());
                    pool = p;
                }
            }
        }
        return p;
    }
}
