package dev.threadscope.bench;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Pool workers, whole process: {@code PoolLoop N [DEPTH]} runs N operations per round, each a
 * new ThreadPoolExecutor whose one task starts a worker (through Thread.start(ThreadContainer)
 * on JDK 21+), then shut down and awaited: {@link PoolWorkers}'s operation without JMH's own
 * threads, so that interleaved runs resolve what JMH's per-fork error hides on a small machine.
 * The loop runs DEPTH frames deep (default 20, about what a JMH benchmark or a web request
 * handler has under it), since a creation stack costs by its depth. 7 rounds, best wall time
 * per operation of the last 5.
 */
public final class PoolLoop {
    private PoolLoop() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int depth = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        System.out.printf("wall %.2f us/op%n", at(depth, n));
    }

    private static double at(int depth, int n) throws InterruptedException {
        return depth > 0 ? at(depth - 1, n) : rounds(n);
    }

    /** One operation: a pool, its one worker started for {@code task}, shut down and awaited. */
    static boolean oneWorker(Runnable task) throws InterruptedException {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 1, 0, TimeUnit.SECONDS, new SynchronousQueue<>());
        pool.execute(task);
        pool.shutdown();
        return pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    private static double rounds(int n) throws InterruptedException {
        Runnable nothing = () -> { };
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 7; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (!oneWorker(nothing)) {
                    throw new IllegalStateException("a worker did not end");
                }
            }
            if (round >= 2) {
                best = Math.min(best, (System.nanoTime() - t0) / 1000.0 / n);
            }
        }
        return best;
    }
}
