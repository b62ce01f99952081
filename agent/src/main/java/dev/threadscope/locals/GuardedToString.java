package dev.threadscope.locals;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

import dev.threadscope.core.Threads;

/**
 * Calls an application object's toString() on a worker thread, with a time limit, so that a
 * toString() that throws or never returns gives the caller a marker instead of an exception
 * or a hang. A worker stuck in a toString() is abandoned (it cannot be stopped) and replaced;
 * while {@link #MAX_STUCK} of them are stuck, rendering through toString() is off. One that
 * was merely slow and returns after all ends, and no longer counts.
 */
final class GuardedToString {
    static final long TIMEOUT_MILLIS = 100;
    static final int MAX_STUCK = 4;

    private Worker worker;
    private int stuck;

    /** toString() of {@code value}, or a marker; waits at most until {@code deadlineNanos}. */
    synchronized String render(Object value, long deadlineNanos) {
        if (stuck >= MAX_STUCK) {
            return "<not rendered: " + stuck + " toString() calls have not returned>";
        }
        long wait = Math.min(TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS), deadlineNanos - System.nanoTime());
        if (wait <= 0) {
            return "<not rendered: time budget used up>";
        }
        if (worker == null) {
            worker = new Worker(this);
        }
        Job job = new Job(value);
        try {
            if (!worker.jobs.offer(job, wait, TimeUnit.NANOSECONDS)) {
                return abandon();
            }
            synchronized (job) {
                long end = System.nanoTime() + wait;
                while (!job.done && System.nanoTime() < end) {
                    job.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
                }
                if (!job.done) {
                    return abandon();
                }
                return job.result;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "<not rendered: interrupted>";
        }
    }

    /** An abandoned worker's toString() returned after all: that worker has ended. */
    synchronized void returned() {
        stuck--;
    }

    private String abandon() {
        worker.abandoned = true;
        worker = null;
        stuck++;
        return "<toString() did not return within " + TIMEOUT_MILLIS + " ms>";
    }

    private static final class Job {
        final Object value;
        String result;
        boolean done;

        Job(Object value) {
            this.value = value;
        }
    }

    private static final class Worker implements Runnable {
        final SynchronousQueue<Job> jobs = new SynchronousQueue<>();
        volatile boolean abandoned;
        private final GuardedToString owner;

        Worker(GuardedToString owner) {
            this.owner = owner;
            Threads.ours(this, "threadscope-render").start();
        }

        @Override
        public void run() {
            while (!abandoned) {
                Job job;
                try {
                    job = jobs.poll(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (job == null) {
                    continue;
                }
                String result;
                try {
                    String s = String.valueOf(job.value);
                    result = s;
                } catch (Throwable t) {
                    result = "<toString() threw " + t.getClass().getName() + ">";
                }
                synchronized (job) {
                    job.result = result;
                    job.done = true;
                    job.notifyAll();
                }
                if (abandoned) { // set under the job's lock before its waiter gave up: seen here
                    owner.returned();
                    return;
                }
            }
        }
    }
}
