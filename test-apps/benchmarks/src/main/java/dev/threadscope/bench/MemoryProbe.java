package dev.threadscope.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.CountDownLatch;

/**
 * Retained heap with N parked platform threads: run it with and without the agent (same JVM
 * flags) and divide the difference by N. Prints "threads N heapUsedAfterGc BYTES".
 * Reads the heap through MemoryMXBean after several full GCs. Not a JMH benchmark: it
 * measures memory, not time.
 */
public final class MemoryProbe {
    private MemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "parked-" + i);
            t.setDaemon(true);
            t.start();
        }
        started.await();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        System.out.println("threads " + n + " heapUsedAfterGc " + used);
        release.countDown();
    }
}
