package dev.threadscope.testapp;

import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.ThreadContext;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A logging library's per-thread context, as web applications use it: three threads
 * "request-N" put requestId=req-N and stay; prints {@code ready}. {@code LoggingApp} (or
 * {@code logback}): SLF4J's MDC with Logback behind it. {@code LoggingApp log4j}: Log4j 2's
 * ThreadContext, whose threads also push "op-N" on its context stack.
 */
public final class LoggingApp {
    private LoggingApp() {
    }

    public static void main(String[] args) throws Exception {
        boolean log4j = args.length > 0 && args[0].equals("log4j");
        // Initialise the backend first, as an application's start-up does: threads racing SLF4J's own
        // initialisation would put their values into its temporary adapter instead.
        if (log4j) {
            LogManager.getLogger(LoggingApp.class);
        } else {
            LoggerFactory.getILoggerFactory();
            MDC.getMDCAdapter();
        }
        requests(log4j ? LoggingApp::log4j : i -> MDC.put("requestId", "req-" + i));
    }

    private static void log4j(int i) {
        ThreadContext.put("requestId", "req-" + i);
        ThreadContext.push("op-" + i);
        LogManager.getLogger(LoggingApp.class).info("request {}", i);
    }

    private static void requests(IntConsumer context) throws InterruptedException {
        CountDownLatch forever = new CountDownLatch(1);
        CountDownLatch set = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                context.accept(n);
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
