package dev.threadscope.testapp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Thread-locals of every shape, for the ThreadLocals MBean tests: withInitial, a subclass, an
 * inherited InheritableThreadLocal, one ThreadLocal held by 10 threads, a stale entry (its
 * ThreadLocal collected, its value still held), a secret, values whose toString() throws or
 * never returns, and 50 threads that keep setting and removing values. Prints {@code ready},
 * stays until killed or {@code quit} on stdin.
 */
public final class LocalsApp {
    static final ThreadLocal<String> WITH_INITIAL = ThreadLocal.withInitial(() -> "initial");
    static final ThreadLocal<Integer> COUNTER = new CountingLocal();
    static final InheritableThreadLocal<String> TENANT = new InheritableThreadLocal<>();
    static final ThreadLocal<String> REQUEST = new ThreadLocal<>();
    static final ThreadLocal<String> SECRET = new ThreadLocal<>();
    static final ThreadLocal<Object> BAD = new ThreadLocal<>();
    static final ThreadLocal<Object> WORSE = new ThreadLocal<>();
    static final ThreadLocal<Map<String, Integer>> CHURN = ThreadLocal.withInitial(HashMap::new);

    /** A ThreadLocal subclass, as frameworks write them. */
    static final class CountingLocal extends ThreadLocal<Integer> {
        @Override
        protected Integer initialValue() {
            return 0;
        }
    }

    private LocalsApp() {
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch forever = new CountDownLatch(1);
        WITH_INITIAL.get();
        COUNTER.set(COUNTER.get() + 41);
        TENANT.set("acme");
        List<Thread> threads = new ArrayList<>();
        threads.add(parked("locals-child", forever, () -> TENANT.get()));
        for (int i = 0; i < 10; i++) {
            String value = "req-" + i;
            threads.add(parked("holder-" + i, forever, () -> REQUEST.set(value)));
        }
        threads.add(parked("secret-holder", forever, () -> SECRET.set("s3cr3t-token")));
        threads.add(parked("bad-values", forever, () -> {
            BAD.set(new Object() {
                @Override
                public String toString() {
                    throw new IllegalStateException("toString is broken");
                }

                @Override
                public int hashCode() {
                    throw new IllegalStateException("hashCode is broken");
                }

                @Override
                public boolean equals(Object o) {
                    throw new IllegalStateException("equals is broken");
                }
            });
            WORSE.set(new Object() {
                @Override
                public String toString() {
                    while (true) {
                        try {
                            Thread.sleep(1_000);
                        } catch (InterruptedException ignored) {
                            // never return
                        }
                    }
                }
            });
        }));
        CountDownLatch staleReady = new CountDownLatch(1);
        threads.add(parked("stale-holder", forever, () -> holdStale(staleReady)));
        for (Thread t : threads) {
            t.start();
        }
        staleReady.await();
        AtomicBoolean running = new AtomicBoolean(true);
        for (int i = 0; i < 50; i++) {
            Thread churn = new Thread(() -> churn(running), "churn-" + i);
            churn.setDaemon(true);
            churn.start();
        }
        Thread.sleep(200); // let every parked thread set its values
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().equals("quit")) {
                running.set(false);
                System.exit(0);
            }
        }
        forever.await();
    }

    private static Thread parked(String name, CountDownLatch latch, Runnable setup) {
        Thread t = new Thread(() -> {
            setup.run();
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.setDaemon(true);
        return t;
    }

    /** Sets a value on a ThreadLocal nobody else references, then lets the ThreadLocal be collected. */
    private static void holdStale(CountDownLatch ready) {
        ThreadLocal<byte[]> dropped = new ThreadLocal<>();
        dropped.set(new byte[1234]);
        WeakReference<ThreadLocal<byte[]>> gone = new WeakReference<>(dropped);
        dropped = null;
        for (int i = 0; i < 50 && gone.get() != null; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
        ready.countDown();
    }

    private static void churn(AtomicBoolean running) {
        ThreadLocal<String> mine = new ThreadLocal<>();
        long n = 0;
        while (running.get()) {
            mine.set("v" + n);
            CHURN.get().put("k" + (n % 16), (int) n);
            if (n % 3 == 0) {
                mine.remove();
                CHURN.remove();
            }
            if (n % 1000 == 0) {
                new ThreadLocal<Integer>().set((int) n); // a short-lived one, soon stale
            }
            if (n % 50 == 0) {
                try {
                    Thread.sleep(1); // busy, not hogging both cores of a CI machine
                } catch (InterruptedException e) {
                    return;
                }
            }
            n++;
        }
    }
}
