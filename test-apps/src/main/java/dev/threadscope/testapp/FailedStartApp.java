package dev.threadscope.testapp;

import java.util.concurrent.CountDownLatch;

/**
 * A thread whose start fails in start0() (a stack no machine can map: the JVM throws
 * "OutOfMemoryError: unable to create native thread"), twice, then one that starts. Prints
 * what the application sees; the agent must change none of it and record no phantom thread.
 * With "--stay": prints "ready" and waits to be killed.
 */
public final class FailedStartApp {
    private FailedStartApp() {
    }

    public static void main(String[] args) throws Exception {
        Thread tooBig = new Thread(null, () -> { }, "too-big", 1L << 50);
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                tooBig.start();
                System.out.println("started, unexpectedly");
            } catch (Throwable e) {
                System.out.println("caught " + e);
                for (StackTraceElement frame : e.getStackTrace()) {
                    System.out.println("  at " + frame);
                }
            }
            System.out.println("state " + tooBig.getState());
        }
        CountDownLatch forever = new CountDownLatch(1);
        Thread after = new Thread(() -> {
            try {
                forever.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "after-failure");
        after.setDaemon(true);
        after.start();
        System.out.println("after-failure started");
        if (args.length > 0 && args[0].equals("--stay")) {
            System.out.println("ready");
            System.out.flush();
            forever.await();
        }
    }
}
