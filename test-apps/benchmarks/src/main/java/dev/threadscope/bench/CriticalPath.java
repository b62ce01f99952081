package dev.threadscope.bench;

/**
 * Why threadscope records a thread after start0() rather than before: the same work (one
 * {@code new Throwable()}) done just before {@code start()}, just after it, or not at all, in a
 * start+join loop with no agent. Prints "wall US" (microseconds per thread, best of rounds 3-7).
 * Run the three modes interleaved:
 * {@code java -cp benchmarks.jar dev.threadscope.bench.CriticalPath none|before|after 15000}.
 */
public final class CriticalPath {
    static volatile Object sink;

    private CriticalPath() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        Runnable nothing = new Runnable() {
            @Override
            public void run() {
            }
        };
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 7; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Thread t = new Thread(nothing);
                if (mode.equals("before")) {
                    sink = new Throwable();
                }
                t.start();
                if (mode.equals("after")) {
                    sink = new Throwable();
                }
                t.join();
            }
            double us = (System.nanoTime() - t0) / 1e3 / n;
            if (round >= 2) {
                best = Math.min(best, us);
            }
        }
        System.out.println("wall " + best);
    }
}
