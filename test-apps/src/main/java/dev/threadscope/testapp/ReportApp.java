package dev.threadscope.testapp;

import java.util.concurrent.CountDownLatch;

/**
 * Thread churn for {@code threadscope PID report}: short user threads, daemon threads that live
 * a little longer, a thread dying of an uncaught exception now and then, virtual threads on
 * JDK 21+, and one long-lived thread whose name is hostile markup. Prints {@code ready} and runs
 * until killed, or until it reads {@code quit} on stdin.
 */
public final class ReportApp {
    /** A name a page must escape, not run: markup, a network URL, quotes, non-ASCII. */
    public static final String HOSTILE = "<img src=\"http://127.0.0.1:9/x.png\" onerror='alert(1)'>&amp; \u00fc\u6f22 \"q\"";

    private ReportApp() {
    }

    public static void main(String[] args) throws Exception {
        Thread hostile = new Thread(ReportApp::forever, HOSTILE);
        hostile.setDaemon(true);
        hostile.start();
        Thread stdin = new Thread(ReportApp::quitOnStdin, "report-stdin");
        stdin.setDaemon(true);
        stdin.start();
        System.out.println("ready");
        System.out.flush();
        for (int i = 0; ; i++) {
            start("report-worker-" + i, false, 50 + (i * 37) % 250);
            if (i % 5 == 0) {
                start("report-daemon-" + i, true, 900);
            }
            if (i % 7 == 3) {
                int n = i;
                new Thread(() -> {
                    throw new IllegalStateException("report boom " + n);
                }, "report-thrower-" + i).start();
            }
            if (i % 3 == 0) {
                virtual(30);
            }
            Thread.sleep(100);
        }
    }

    private static void quitOnStdin() {
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.trim().equals("quit")) {
                    System.exit(0);
                }
            }
        } catch (java.io.IOException ignored) {
            // no stdin: run until killed
        }
    }

    private static void start(String name, boolean daemon, long millis) {
        Thread t = new Thread(() -> sleep(millis), name);
        t.setDaemon(daemon);
        t.start();
    }

    /** Thread.startVirtualThread through reflection: this class is compiled for JDK 17. */
    private static void virtual(long millis) {
        try {
            Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, (Runnable) () -> sleep(millis));
        } catch (ReflectiveOperationException e) {
            // JDK 17: no virtual threads
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void forever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
