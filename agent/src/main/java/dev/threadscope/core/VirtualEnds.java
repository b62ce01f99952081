package dev.threadscope.core;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The ends of tracked virtual threads (virtual=track), recorded off the carrier. The JDK ends
 * a virtual thread in {@code VirtualThread.afterDone}, which runs on its carrier once the
 * virtual thread has unmounted, and a carrier must never block on a lock that a virtual thread
 * may hold: on JDK 24+ a virtual thread that blocks on a monitor unmounts, and it can go on
 * only on a free carrier, so with every carrier waiting for such a monitor no virtual thread
 * ever runs again (recording the end there, under the registry's locks, froze the scheduler).
 * So the carrier only queues the thread (lock-free) and wakes threadscope's own thread, which
 * records the end; a reader records whatever is queued before it reads.
 */
final class VirtualEnds implements Runnable {
    private final Registry registry;
    private final ConcurrentLinkedQueue<Thread> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong added = new AtomicLong(); // ends queued so far
    private final AtomicLong recorded = new AtomicLong(); // ends recorded so far (by anyone)
    private final AtomicBoolean recorderMade = new AtomicBoolean();
    private volatile Thread recorder;

    VirtualEnds(Registry registry) {
        this.registry = registry;
    }

    /** A virtual thread has ended; on its carrier, so: no lock, no blocking. */
    void add(Thread thread) {
        queue.add(thread);
        long a = added.incrementAndGet();
        if (recorded.get() == a - 1) { // the recorder may be parked, or about to park
            Thread r = recorder;
            if (r != null) {
                LockSupport.unpark(r);
            }
        }
    }

    /** Starts the recording thread once; called where blocking is fine (a virtual thread's creator). */
    void ensureRecorder() {
        if (recorder != null || !recorderMade.compareAndSet(false, true)) {
            return;
        }
        try {
            Thread t = Threads.ours(this, "threadscope-virtual-ends");
            recorder = t;
            t.start();
        } catch (Throwable cannotStart) {
            recorder = null; // readers still record what is queued
        }
    }

    /** Records every queued end; from any thread but a carrier. */
    private void drain() {
        Thread t;
        while ((t = queue.poll()) != null) {
            try {
                registry.threadEnded(t);
            } finally {
                recorded.incrementAndGet();
            }
        }
    }

    /**
     * Before a read: records what is queued, then waits (briefly: microseconds, at most a
     * second) for ends that another thread took off the queue but has not recorded yet, so that
     * a thread joined before the read is not counted live.
     */
    void drainForRead() {
        long target = added.get();
        drain();
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (recorded.get() < target && System.nanoTime() < deadline) {
            Thread.yield();
        }
    }

    @Override
    public void run() {
        while (true) {
            try {
                drain();
            } catch (Throwable ignored) {
                // the next end or read tries again
            }
            Thread.interrupted(); // someone interrupting every thread must not make park() return at once for ever
            if (recorded.get() >= added.get()) {
                LockSupport.park(this);
            } else {
                Thread.yield(); // an end another thread is recording
            }
        }
    }
}
