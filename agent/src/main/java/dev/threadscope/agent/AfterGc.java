package dev.threadscope.agent;

import java.lang.ref.Cleaner;

import dev.threadscope.core.Log;
import dev.threadscope.core.Registry;

/**
 * Housekeeping after each GC, on the JDK's own Common-Cleaner thread (present in every JVM):
 * an object registered with the JDK's cleaner and referenced by nobody dies at the next
 * collection, and its cleaning action ({@link Registry#afterGc}) ends records of threads that
 * terminated unseen and shares the creation stacks of threads that started before the previous
 * pass, then registers the next such object. Nothing runs on the start path and threadscope
 * starts no thread. Passes are at least {@link #MIN_INTERVAL_MS} apart and share stacks for at
 * most {@link #BUDGET_NANOS}; what is left waits for the next GC.
 */
final class AfterGc implements Runnable {
    static final long MIN_INTERVAL_MS = 100;
    static final long BUDGET_NANOS = 50_000_000L;

    private final Registry registry;
    private final Cleaner cleaner;
    private long lastPassMillis; // only the cleaner thread writes it after start()

    private AfterGc(Registry registry, Cleaner cleaner) {
        this.registry = registry;
        this.cleaner = cleaner;
        this.lastPassMillis = System.currentTimeMillis();
    }

    /** Arms the first pass; without the JDK's cleaner (it should not happen) there is none. */
    static void start(Registry registry, Cleaner cleaner) {
        if (cleaner == null) {
            Log.debug("no housekeeping after GCs (creation stacks stay unshared): the JDK's cleaner is not reachable");
            return;
        }
        try {
            new AfterGc(registry, cleaner).arm();
        } catch (Throwable t) {
            Log.debug("no housekeeping after GCs: " + t);
        }
    }

    private void arm() {
        cleaner.register(new Object(), this);
    }

    /** The cleaning action: a GC has just happened. */
    @Override
    public void run() {
        try {
            long now = System.currentTimeMillis();
            if (now - lastPassMillis >= MIN_INTERVAL_MS) {
                long t0 = System.nanoTime();
                int n = registry.afterGc(lastPassMillis, t0 + BUDGET_NANOS);
                lastPassMillis = now;
                if (n > 0 && Log.debugEnabled()) {
                    Log.debug("after a GC: " + n + " creation stacks resolved in " + (System.nanoTime() - t0) / 1000
                            + " us; " + registry.sharedStacks().distinct() + " distinct stacks held");
                }
            }
        } catch (Throwable t) {
            // never disturb the cleaner thread; the next GC tries again
        } finally {
            try {
                arm();
            } catch (Throwable t) {
                Log.debug("housekeeping after GCs stopped: " + t); // the cleaner is gone (VM shutting down), or no memory
            }
        }
    }
}
