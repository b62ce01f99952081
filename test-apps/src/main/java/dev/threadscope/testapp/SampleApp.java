package dev.threadscope.testapp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * A small application with every kind of thread threadscope tells apart: main, user and
 * daemon threads, a thread started by another thread, named thread-locals, a thread that
 * dies of an uncaught exception, and one that simply ends.
 *
 * <pre>
 *   java [-javaagent:threadscope-agent.jar] -cp test-apps/target/classes dev.threadscope.testapp.SampleApp [--stay]
 * </pre>
 * Without {@code --stay} it runs through and exits 0. With it, it prints {@code ready} and
 * stays up for a console until killed, or until it reads {@code quit} on stdin; {@code spawn NAME}
 * starts a thread that stays, {@code spawn-short NAME} one that ends at once (their creator is
 * the thread reading stdin, {@code sample-stdin}).
 */
public final class SampleApp {
    /** Named thread-locals, so that a console has something recognisable to show. */
    static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();
    static final InheritableThreadLocal<String> TENANT = new InheritableThreadLocal<>();
    static final ThreadLocal<StringBuilder> BUFFER = ThreadLocal.withInitial(() -> new StringBuilder(64));

    private SampleApp() {
    }

    public static void main(String[] args) throws Exception {
        boolean stay = Arrays.asList(args).contains("--stay");
        TENANT.set("acme");
        REQUEST_ID.set("req-main");
        CountDownLatch release = new CountDownLatch(1);

        Thread[] started = startWorkers(release);
        Thread shortLived = started[2];
        Thread thrower = started[3];
        shortLived.join();
        thrower.join();
        System.out.println("sample app: workers started, one ended, one failed");

        if (stay) {
            watchStdin();
            System.out.println("ready");
            System.out.flush();
            new CountDownLatch(1).await(); // until killed or "quit"
        }
        release.countDown();
        started[0].join();
        started[4].join();
        System.out.println("sample app: done");
    }

    /** Starts the workers; integration tests look for this method in creation stacks. */
    static Thread[] startWorkers(CountDownLatch release) {
        Thread user = new Thread(() -> {
            REQUEST_ID.set("req-user");
            BUFFER.get().append("user");
            await(release);
        }, "sample-user");
        Thread daemon = new Thread(() -> {
            REQUEST_ID.set("req-daemon");
            await(new CountDownLatch(1));
        }, "sample-daemon");
        daemon.setDaemon(true);
        Thread shortLived = new Thread(() -> BUFFER.get().append("short"), "sample-short");
        Thread thrower = new Thread(() -> {
            throw new IllegalStateException("sample failure");
        }, "sample-thrower");
        Thread spawner = new Thread(() -> {
            Thread child = new Thread(() -> await(release), "sample-child");
            child.start();
            try {
                child.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sample-spawner");
        Thread[] all = {user, daemon, shortLived, thrower, spawner};
        for (Thread t : all) {
            t.start();
        }
        return all;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void spawn(String name, boolean stay) {
        Thread t = new Thread(() -> {
            if (stay) {
                await(new CountDownLatch(1));
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /** A pool whose one thread stays: losing a future through it ends no thread. */
    private static java.util.concurrent.ExecutorService pool;

    /**
     * A task that fails, its future dropped unread (a lost exception), in a pool that stays:
     * afterwards nothing happens in this JVM but what a JMX client does.
     */
    private static void lose() throws Exception {
        if (pool == null) {
            pool = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "sample-pool");
                t.setDaemon(true);
                return t;
            });
        }
        pool.submit(() -> {
            throw new IllegalStateException("lost in a quiet application");
        });
        pool.submit(() -> { }).get(); // the failing task has run (one thread, in order)
        System.out.println("lost one");
        System.out.flush();
    }

    private static void watchStdin() {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] words = line.trim().split("\\s+");
                    if (words[0].equals("quit")) {
                        System.exit(0);
                    } else if (words[0].equals("spawn") && words.length == 2) {
                        spawn(words[1], true); // a thread that stays
                    } else if (words[0].equals("spawn-short") && words.length == 2) {
                        spawn(words[1], false); // a thread that ends at once
                    } else if (words[0].equals("lose")) {
                        lose();
                    } else if (words[0].equals("common-pool")) {
                        // A worker of the JDK's common pool that stays, running an application task.
                        java.util.concurrent.ForkJoinPool.commonPool().execute(() -> await(new CountDownLatch(1)));
                    }
                }
            } catch (Exception ignored) {
                // no stdin: stay until killed
            }
        }, "sample-stdin");
        reader.setDaemon(true);
        reader.start();
    }
}
