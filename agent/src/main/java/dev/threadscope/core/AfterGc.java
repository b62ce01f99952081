package dev.threadscope.core;

import java.lang.ref.Cleaner;

/**
 * Housekeeping after GCs, on the JDK's own Common-Cleaner thread (present in every JVM): an
 * object registered with the JDK's cleaner and referenced by nobody dies at the next
 * collection, and its cleaning action ({@link Registry#afterGc}) ends records of threads that
 * terminated unseen and shares the creation stacks of threads that started before the previous
 * pass. Nothing runs on the start path and threadscope starts no thread. Passes are at least
 * {@link #MIN_INTERVAL_MS} apart and share stacks for at most {@link #BUDGET_NANOS}.
 *
 * <p>Waking the cleaner at every collection costs two thread wake-ups per GC, which adds up
 * when an application collects hundreds of times a second (JNI attach/detach churn does: each
 * attaching thread retires a TLAB). So the next sentinel is registered according to what is
 * left to do:
 * <ul>
 * <li><b>armed</b> (dies at the next GC): after a pass that left threads to share (they started
 *     since the previous pass), or when a GC comes too soon after a pass and few threads have
 *     started or ended since;
 * <li><b>parked</b> (held here, let go by the first thread start or end, or read of the
 *     registry, once the interval is over): when a GC comes too soon after a pass while threads
 *     churn ({@link #PARK_AFTER} starts and ends since the pass). If the application then stops
 *     starting threads and nobody reads, the threads of that last interval keep their stacks
 *     unshared until the next start, end or read;
 * <li><b>idle</b> (none): after a pass with nothing left; the next thread start or end arms one.
 * </ul>
 */
public final class AfterGc implements Runnable {
    static final long MIN_INTERVAL_MS = 100;
    static final long BUDGET_NANOS = 50_000_000L;

    private final Registry registry;
    private final Cleaner cleaner;
    private volatile long lastPassMillis;
    private volatile Object parked; // a registered sentinel, reachable until poke() lets it go
    private volatile boolean idle; // nothing registered: poke() registers one
    // Thread starts and ends since the last pass, counted up to PARK_AFTER (then no more writes);
    // plain and racy on purpose: an approximate count is all it decides on.
    private int eventsSincePass;
    /** A GC too soon after a pass parks the next sentinel only if this many threads started or ended since. */
    static final int PARK_AFTER = 32;
    private volatile int wakeUps; // written by the cleaner thread only

    /** The state, for tests: "armed", "parked" or "idle". */
    String state() {
        return parked != null ? "parked" : idle ? "idle" : "armed";
    }

    /** How many times a GC has woken the cleaning action, for tests. */
    int wakeUps() {
        return wakeUps;
    }

    private AfterGc(Registry registry, Cleaner cleaner) {
        this.registry = registry;
        this.cleaner = cleaner;
        this.lastPassMillis = System.currentTimeMillis();
    }

    /** Arms the first pass; without the JDK's cleaner (it should not happen) there is none. */
    public static AfterGc start(Registry registry, Cleaner cleaner) {
        if (cleaner == null) {
            Log.debug("no housekeeping after GCs (creation stacks stay unshared): the JDK's cleaner is not reachable");
            return null;
        }
        try {
            AfterGc a = new AfterGc(registry, cleaner);
            a.arm();
            registry.setAfterGc(a);
            return a;
        } catch (Throwable t) {
            Log.debug("no housekeeping after GCs: " + t);
            return null;
        }
    }

    /**
     * A thread started or ended (any thread; on the start and end paths: two volatile reads, and
     * a write once per pass).
     */
    void poke() {
        int n = eventsSincePass;
        if (n < PARK_AFTER) {
            eventsSincePass = n + 1;
        }
        if (parked != null) {
            if (System.currentTimeMillis() - lastPassMillis >= MIN_INTERVAL_MS) {
                parked = null; // dies at the next GC
            }
        } else if (idle) {
            wake();
        }
    }

    private synchronized void wake() {
        if (idle) {
            idle = false;
            try {
                arm();
            } catch (Throwable t) {
                Log.debug("housekeeping after GCs stopped: " + t);
            }
        }
    }

    private void arm() {
        cleaner.register(new Object(), this);
    }

    private void park() {
        Object sentinel = new Object();
        parked = sentinel;
        cleaner.register(sentinel, this);
    }

    /** The cleaning action: a GC has just happened. */
    @Override
    public void run() {
        boolean next = true;
        wakeUps++;
        try {
            int events = eventsSincePass;
            long now = System.currentTimeMillis();
            long last = lastPassMillis;
            if (now - last >= MIN_INTERVAL_MS) {
                eventsSincePass = 0;
                long t0 = System.nanoTime();
                // Quiet since the last pass (about to go idle): the whole history; else what the
                // previous pass already saw ended.
                int n = registry.afterGc(last, events == 0 ? now : last, t0 + BUDGET_NANOS);
                lastPassMillis = now;
                if (n > 0 && Log.debugEnabled()) {
                    Log.debug("after a GC: " + n + " creation stacks resolved in " + (System.nanoTime() - t0) / 1000
                            + " us; " + registry.sharedStacks().distinct() + " distinct stacks held");
                }
                if (events == 0) {
                    idle = true; // threads started since `last` are the ones this pass left
                    next = false;
                    if (eventsSincePass > 0) {
                        wake(); // one came in between
                    }
                }
            } else if (events >= PARK_AFTER) {
                park(); // threads are churning: one of them will let it go
                next = false;
            }
        } catch (Throwable t) {
            // never disturb the cleaner thread; the next GC tries again
        } finally {
            if (next) {
                try {
                    arm();
                } catch (Throwable t) {
                    Log.debug("housekeeping after GCs stopped: " + t); // the cleaner is gone (VM shutting down), or no memory
                }
            }
        }
    }
}
