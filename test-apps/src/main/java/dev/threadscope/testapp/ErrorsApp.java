package dev.threadscope.testapp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that die in every way an application lets them, for the excepthook tests. Each
 * handler the application installs counts its calls and prints them on stdout, so that a run
 * with the agent can be compared line by line with a run without it.
 *
 * <pre>
 *   ErrorsApp [--wait] [--stay]
 * </pre>
 * {@code --wait}: print {@code waiting} and start only after reading {@code go} on stdin.
 * {@code --stay}: print {@code ready} at the end and stay until killed or {@code quit}.
 */
public final class ErrorsApp {
    private ErrorsApp() {
    }

    public static void main(String[] args) throws Exception {
        List<String> flags = Arrays.asList(args);
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (flags.contains("--wait")) {
            System.out.println("waiting");
            System.out.flush();
            String line;
            while ((line = stdin.readLine()) != null && !line.trim().equals("go")) {
                // until go
            }
        }
        die("err-user", false, new IllegalStateException("user boom"));
        die("err-daemon", true, new IllegalArgumentException("daemon boom"));
        // One throwable ending two threads (a shared instance, like the JVM's preallocated errors).
        IllegalArgumentException shared = new IllegalArgumentException("shared boom");
        die("err-shared-1", false, shared);
        die("err-shared-2", false, shared);
        chainingHandlers();
        ownHandler();
        groupHandler();
        appDefaultHandler();
        threadDeath();
        badMessage();
        futures();
        System.out.println("errors app: done");
        if (flags.contains("--stay")) {
            System.out.println("ready");
            System.out.flush();
            String line;
            while ((line = stdin.readLine()) != null) {
                if (line.trim().equals("quit")) {
                    return;
                }
            }
            new CountDownLatch(1).await();
        }
    }

    private static void die(String name, boolean daemon, RuntimeException e) throws InterruptedException {
        Thread t = new Thread(() -> {
            throw e;
        }, name);
        t.setDaemon(daemon);
        t.start();
        t.join();
    }

    /**
     * A default handler that passes exceptions on to the default it replaced, if any (crash
     * reporters do): without threadscope it finds none and passes nothing on, so threadscope's,
     * found instead, must print nothing either. And a pool whose workers' handler is a copy of
     * the default taken when the pool was made (threadscope's, where without it there is none):
     * the JDK calls it directly, and it must print what the JDK prints without a handler.
     */
    private static void chainingHandlers() throws Exception {
        AtomicInteger chained = new AtomicInteger();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            chained.incrementAndGet();
            if (before != null) {
                before.uncaughtException(thread, e);
            }
        });
        die("err-chained", false, new NoSuchElementException("chained boom"));
        Thread.setDefaultUncaughtExceptionHandler(before);
        System.out.println("chained handler calls: " + chained.get());

        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(1, p -> {
            java.util.concurrent.ForkJoinWorkerThread w =
                    java.util.concurrent.ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            w.setName("err-pool-copy");
            return w;
        }, Thread.getDefaultUncaughtExceptionHandler(), false);
        pool.execute(() -> {
            throw new ArithmeticException("pool boom");
        });
        pool.shutdown();
        pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static void ownHandler() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        Thread t = new Thread(() -> {
            throw new UnsupportedOperationException("own handler boom");
        }, "err-own");
        t.setUncaughtExceptionHandler((thread, e) -> calls.incrementAndGet());
        t.start();
        t.join();
        System.out.println("own handler calls: " + calls.get());
    }

    private static void groupHandler() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        ThreadGroup group = new ThreadGroup("err-group") {
            @Override
            public void uncaughtException(Thread t, Throwable e) {
                calls.incrementAndGet();
            }
        };
        Thread t = new Thread(group, () -> {
            throw new ArrayIndexOutOfBoundsException("group boom");
        }, "err-grouped");
        t.start();
        t.join();
        System.out.println("group handler calls: " + calls.get());
    }

    private static void appDefaultHandler() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            calls.incrementAndGet();
            System.out.println("app default handler: " + thread.getName() + " " + e.getMessage());
        });
        die("err-appdefault", false, new IllegalStateException("app default boom"));
        Thread.setDefaultUncaughtExceptionHandler(null);
        die("err-nodefault", false, new NullPointerException("no default boom"));
        Thread.setDefaultUncaughtExceptionHandler(before);
        System.out.println("app default handler calls: " + calls.get());
    }

    @SuppressWarnings("removal")
    private static void threadDeath() throws InterruptedException {
        Thread t = new Thread(() -> {
            throw new ThreadDeath();
        }, "err-death");
        t.start();
        t.join();
    }

    /** A throwable whose getMessage(), toString() and getStackTrace() all throw. */
    private static void badMessage() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        Thread t = new Thread(() -> {
            throw new Nasty();
        }, "err-nasty");
        t.setUncaughtExceptionHandler((thread, e) -> calls.incrementAndGet());
        t.start();
        t.join();
        System.out.println("nasty handler calls: " + calls.get());
    }

    private static void futures() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "err-pool"));
        pool.submit(() -> {
            throw new IllegalStateException("lost boom");
        });
        Future<?> read = pool.submit(() -> {
            throw new IllegalStateException("retrieved boom");
        });
        try {
            read.get();
        } catch (ExecutionException expected) {
            System.out.println("retrieved: " + expected.getCause().getMessage());
        }
        pool.shutdown();
        pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
    }

    static final class Nasty extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage() {
            throw new IllegalStateException("getMessage is broken");
        }

        @Override
        public String toString() {
            throw new IllegalStateException("toString is broken");
        }

        @Override
        public StackTraceElement[] getStackTrace() {
            throw new IllegalStateException("getStackTrace is broken");
        }
    }
}
