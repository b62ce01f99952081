package dev.threadscope.testapp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Virtual threads (JDK 21+, reached by reflection so that this compiles for 17). Prints
 * {@code waiting}; on {@code go N} starts N virtual threads at once, joins them all and
 * prints {@code done N}; on {@code park} starts a virtual thread "parked-virtual" that sets a
 * thread-local and parks, and prints {@code parked}; {@code quit} exits. On JDK 17 it says
 * {@code no virtual threads} and otherwise behaves the same (nothing to start).
 */
public final class VirtualApp {
    static final ThreadLocal<String> SESSION = new ThreadLocal<>();

    private VirtualApp() {
    }

    public static void main(String[] args) throws Exception {
        Method ofVirtual = null;
        try {
            ofVirtual = Thread.class.getMethod("ofVirtual");
        } catch (NoSuchMethodException e) {
            System.out.println("no virtual threads");
        }
        System.out.println("waiting");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        CountDownLatch forever = new CountDownLatch(1);
        java.util.List<CountDownLatch> releases = new java.util.ArrayList<>();
        java.util.List<Thread> held = new java.util.ArrayList<>();
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split("\\s+");
            if (w[0].equals("quit")) {
                return;
            } else if (w[0].equals("go")) {
                int n = Integer.parseInt(w[1]);
                if (ofVirtual != null) {
                    Thread[] threads = new Thread[n];
                    for (int i = 0; i < n; i++) {
                        threads[i] = start(ofVirtual, null, () -> { });
                    }
                    for (Thread t : threads) {
                        t.join();
                    }
                }
                System.out.println("done " + n);
            } else if (w[0].equals("hold")) { // N virtual threads that wait for "release"
                int n = Integer.parseInt(w[1]);
                CountDownLatch latch = new CountDownLatch(1);
                releases.add(latch);
                for (int i = 0; ofVirtual != null && i < n; i++) {
                    held.add(start(ofVirtual, null, () -> {
                        try {
                            latch.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
                }
                System.out.println("holding " + n);
            } else if (w[0].equals("release")) {
                releases.forEach(CountDownLatch::countDown);
                releases.clear();
                for (Thread t : held) {
                    t.join();
                }
                System.out.println("released " + held.size());
                held.clear();
            } else if (w[0].equals("nest")) {
                System.out.println(ofVirtual == null ? "nested 0 tasks" : nest(Integer.parseInt(w[1])));
            } else if (w[0].equals("park")) {
                if (ofVirtual != null) {
                    start(ofVirtual, "parked-virtual", () -> {
                        SESSION.set("session-for-virtual");
                        try {
                            forever.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    Thread.sleep(100);
                }
                System.out.println("parked");
            }
            System.out.flush();
        }
    }

    /**
     * For the given seconds, four virtual threads each run batches of 100 tasks on a
     * virtual-thread-per-task executor (virtual threads starting virtual threads), one task in
     * ten dying of an uncaught exception (the default handler is silenced meanwhile). Returns
     * "nested N tasks", or "stalled after N tasks" if no task ran for 3 seconds.
     */
    private static String nest(int seconds) throws Exception {
        Method perTask = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        Method ofVirtual = Thread.class.getMethod("ofVirtual");
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> { });
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread[] drivers = new Thread[4];
        for (int d = 0; d < drivers.length; d++) {
            drivers[d] = start(ofVirtual, null, () -> {
                while (!stop.get()) {
                    try {
                        java.util.concurrent.ExecutorService tasks = (java.util.concurrent.ExecutorService) perTask.invoke(null);
                        for (int j = 0; j < 100; j++) {
                            int k = j;
                            tasks.execute(() -> {
                                done.incrementAndGet();
                                if (k % 10 == 0) {
                                    throw new IllegalStateException("task " + k);
                                }
                                Thread.yield();
                            });
                        }
                        tasks.shutdown();
                        tasks.awaitTermination(1, java.util.concurrent.TimeUnit.HOURS);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
        }
        long last = -1;
        long lastChange = System.nanoTime();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        String result = null;
        while (result == null && System.nanoTime() < end) {
            Thread.sleep(100);
            long now = done.get();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > 3_000_000_000L) {
                result = "stalled after " + now + " tasks";
            }
        }
        stop.set(true);
        long joinBy = System.nanoTime() + 5_000_000_000L;
        for (Thread t : drivers) {
            t.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
            if (result == null && t.isAlive()) {
                result = "stalled at the end after " + done.get() + " tasks";
            }
        }
        Thread.setDefaultUncaughtExceptionHandler(before);
        return result != null ? result : "nested " + done.get() + " tasks";
    }

    private static Thread start(Method ofVirtual, String name, Runnable task) throws Exception {
        Object builder = ofVirtual.invoke(null);
        if (name != null) {
            builder = Class.forName("java.lang.Thread$Builder").getMethod("name", String.class).invoke(builder, name);
        }
        Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        return (Thread) start.invoke(builder, task);
    }
}
