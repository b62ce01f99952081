package dev.threadscope.testapp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for the reliability tests.
 * <pre>
 *   StressApp churn WORKERS TOTAL   print "waiting"; on "go", WORKERS threads start and join TOTAL
 *                                   short threads in all, print "churned TOTAL", stay until "quit"
 *   StressApp exit CODE             churn, read the MBeans in-process, and System.exit(CODE) from a worker
 *   StressApp halt CODE             the same with Runtime.halt(CODE)
 *   StressApp many N                start N daemon threads that never end, then return from main
 *   StressApp names                 threads with a 100,000-character name and a non-ASCII one; stay
 * </pre>
 */
public final class StressApp {
    private StressApp() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "churn":
                // A JVM churning on both cores answers an attach slowly: let the observer in first.
                System.out.println("waiting");
                System.out.flush();
                BufferedReader go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line;
                while ((line = go.readLine()) != null && !line.trim().equals("go")) {
                    // until go
                }
                churn(Integer.parseInt(args[1]), Long.parseLong(args[2]));
                System.out.println("churned " + args[2]);
                System.out.flush();
                stay();
                break;
            case "exit":
            case "halt":
                dieDuringChurn(args[0].equals("halt"), Integer.parseInt(args[1]));
                break;
            case "many":
                for (int i = 0; i < Integer.parseInt(args[1]); i++) {
                    Thread t = new Thread(StressApp::sleepForever, "running-" + i);
                    t.setDaemon(true);
                    t.start();
                }
                System.out.println("returning with threads running");
                break;
            case "names":
                Thread huge = new Thread(StressApp::sleepForever, "x".repeat(100_000));
                Thread intl = new Thread(StressApp::sleepForever, "名前-🧵-ñ\tand\nnewline");
                huge.setDaemon(true);
                intl.setDaemon(true);
                huge.start();
                intl.start();
                System.out.println("ready");
                System.out.flush();
                stay();
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
    }

    static void churn(int workers, long total) throws InterruptedException {
        AtomicLong left = new AtomicLong(total);
        Thread[] pool = new Thread[workers];
        for (int w = 0; w < workers; w++) {
            pool[w] = new Thread(() -> {
                while (left.getAndDecrement() > 0) {
                    Thread t = new Thread(() -> { });
                    t.start();
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "churner-" + w);
            pool[w].start();
        }
        for (Thread t : pool) {
            t.join();
        }
    }

    private static void dieDuringChurn(boolean halt, int code) throws Exception {
        Thread reader = new Thread(() -> {
            try {
                javax.management.MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                javax.management.ObjectName threads = new javax.management.ObjectName("dev.threadscope:type=Threads");
                while (true) {
                    if (server.isRegistered(threads)) {
                        server.getAttribute(threads, "Threads");
                        server.getAttribute(threads, "LiveCounts");
                    }
                }
            } catch (Exception e) {
                System.out.println("reader failed: " + e);
            }
        }, "in-process-reader");
        reader.setDaemon(true);
        reader.start();
        Thread churn = new Thread(() -> {
            try {
                churn(4, Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // exiting
            }
        }, "churn");
        churn.setDaemon(true);
        churn.start();
        Thread.sleep(500);
        Thread killer = new Thread(() -> {
            if (halt) {
                Runtime.getRuntime().halt(code);
            } else {
                System.exit(code);
            }
        }, "killer");
        killer.start();
        killer.join();
    }

    private static void sleepForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stay() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().equals("quit")) {
                return;
            }
        }
        new CountDownLatch(1).await();
    }
}
