package dev.threadscope.core;

/**
 * Without the JVMTI library, threads are found by enumerating them once a second. This is
 * the only thread threadscope starts on its own, and only in that mode.
 */
public final class FallbackScanner implements Runnable {
    public static final long PERIOD_MILLIS = 1000;
    private final Registry registry;

    private FallbackScanner(Registry registry) {
        this.registry = registry;
    }

    public static void start(Registry registry) {
        Threads.ours(new FallbackScanner(registry), "threadscope-scanner").start();
    }

    @Override
    public void run() {
        while (true) {
            try {
                registry.scan();
            } catch (Throwable t) {
                Log.debug("scan failed: " + t);
            }
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
