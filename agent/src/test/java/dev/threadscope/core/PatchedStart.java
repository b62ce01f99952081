package dev.threadscope.core;

/**
 * What the patched Thread.start() does, for tests without the agent: with the thread's
 * monitor held, the registry is told before start0() and builds the record after it.
 */
final class PatchedStart {
    private PatchedStart() {
    }

    static void start(Registry registry, Thread t) {
        start(registry, t, 0);
    }

    /** With the kernel id the bridge reads from the JVM after start0(). */
    static void startWithKernelId(Registry registry, Thread t, long kernelId) {
        synchronized (t) {
            boolean announced = registry.prepareStart(t);
            t.start();
            registry.threadStarting(t, announced, kernelId);
        }
    }

    /** {@code creatorDelayMillis}: a creator slow to finish start(), so the new thread runs (and may end) first. */
    static void start(Registry registry, Thread t, long creatorDelayMillis) {
        synchronized (t) {
            boolean announced = registry.prepareStart(t);
            t.start();
            if (creatorDelayMillis > 0) {
                try {
                    Thread.sleep(creatorDelayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            registry.threadStarting(t, announced, -1);
        }
    }
}
