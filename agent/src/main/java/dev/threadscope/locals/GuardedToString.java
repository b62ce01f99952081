package dev.threadscope.locals;

import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

import dev.threadscope.core.Threads;

/**
 * Calls an application object's toString() on a worker thread, with a time limit, so that a
 * toString() that throws, returns null or never returns gives the caller a marker instead of
 * an exception or a hang. A worker stuck in a toString() is abandoned (it cannot be stopped)
 * and replaced; no other value of that class is handed to a worker while it is stuck (reading
 * the same hanging value again costs no thread), and while {@link #MAX_STUCK} workers are
 * stuck, rendering through toString() is off. One that was merely slow and returns after all
 * ends, and no longer counts.
 */
final class GuardedToString {
    static final long TIMEOUT_MILLIS = 100;
    static final int MAX_STUCK = 4;

    private Worker worker;
    /** The jobs of abandoned workers whose toString() has not returned yet. */
    private final List<Job> stuck = new ArrayList<>();

    /**
     * toString() of {@code value}, or a marker; waits at most until {@code deadlineNanos}. While
     * a toString() for the same {@code key} (an application class, or a JDK value or an array by
     * identity) is stuck, no worker is tried: the marker comes at once.
     */
    synchronized String render(Object value, Object key, long deadlineNanos) {
        if (stuck.size() >= MAX_STUCK) {
            return "<not rendered: " + stuck.size() + " toString() calls have not returned>";
        }
        for (Job j : stuck) {
            if (j.key == key) {
                return "<not rendered: an earlier toString() of this " + (key instanceof Class ? "class" : "value")
                        + " has not returned>";
            }
        }
        long wait = Math.min(TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS), deadlineNanos - System.nanoTime());
        if (wait <= 0) {
            return "<not rendered: time budget used up>";
        }
        if (worker == null) {
            worker = new Worker(this);
        }
        Job job = new Job(value, key);
        try {
            if (!worker.jobs.offer(job, wait, TimeUnit.NANOSECONDS)) {
                return abandon(null);
            }
            synchronized (job) {
                long end = System.nanoTime() + wait;
                while (!job.done && System.nanoTime() < end) {
                    job.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
                }
                if (!job.done) {
                    return abandon(job);
                }
                return job.result;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "<not rendered: interrupted>";
        }
    }

    /** An abandoned worker's toString() returned after all: that worker has ended. */
    synchronized void returned(Job job) {
        stuck.remove(job);
    }

    /**
     * Gives up on the current worker: busy with {@code job} (null: with an earlier job it took
     * while its caller was no longer waiting, which is already counted, so nothing more is).
     */
    private String abandon(Job job) {
        worker.abandoned = true;
        worker = null;
        if (job != null) {
            stuck.add(job);
        }
        return "<toString() did not return within " + TIMEOUT_MILLIS + " ms>";
    }

    private static final class Job {
        final Object value;
        final Object key;
        String result;
        boolean done;

        Job(Object value, Object key) {
            this.value = value;
            this.key = key;
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
                    String s = job.value.toString();
                    result = s == null ? "<toString() returned null>" : s;
                } catch (Throwable t) {
                    result = "<toString() threw " + t.getClass().getName() + ">";
                }
                synchronized (job) {
                    job.result = result;
                    job.done = true;
                    job.notifyAll();
                }
                if (abandoned) { // set under the job's lock before its waiter gave up: seen here
                    owner.returned(job);
                    return;
                }
            }
        }
    }
}
