package dev.threadscope.testapp;

import java.util.concurrent.CountDownLatch;

/**
 * Starts and joins N short-lived threads named {@code short-0..N-1}, prints {@code ready},
 * then stays until killed. Used to check the history of ended threads.
 */
public final class ShortThreads {
    private ShortThreads() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> { }, "short-" + i);
            t.start();
            t.join();
        }
        System.out.println("ready");
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
