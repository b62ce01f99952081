package dev.threadscope.testapp;

import java.util.concurrent.CountDownLatch;

import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * SLF4J's MDC (Logback behind it), as web applications use it: a request id per thread.
 * Three threads "request-N" put requestId=req-N and stay; prints {@code ready}.
 */
public final class LoggingApp {
    private LoggingApp() {
    }

    public static void main(String[] args) throws Exception {
        // Initialise the backend first, as an application's start-up does: threads racing SLF4J's own
        // initialisation would put their values into its temporary adapter instead.
        LoggerFactory.getILoggerFactory();
        MDC.getMDCAdapter();
        CountDownLatch forever = new CountDownLatch(1);
        CountDownLatch set = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            String id = "req-" + i;
            Thread t = new Thread(() -> {
                MDC.put("requestId", id);
                set.countDown();
                try {
                    forever.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "request-" + i);
            t.setDaemon(true);
            t.start();
        }
        set.await();
        System.out.println("ready");
        System.out.flush();
        forever.await();
    }
}
