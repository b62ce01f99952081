package dev.threadscope.bench;

import java.lang.management.ManagementFactory;

/**
 * Thread start+join, whole process: {@code ChurnLoop N} starts and joins N threads per round,
 * 7 rounds, and prints the best wall and CPU time per thread of the last 5. scripts/bench runs
 * it interleaved across variants (no agent, JFR, threadscope), which on a small noisy machine
 * resolves differences JMH's per-fork error hides. Unlike JMH it never touches JMX, so the
 * agent stays as an application that ignores it would see it.
 */
public final class ChurnLoop {
    private ChurnLoop() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double bestCpu = Double.MAX_VALUE;
        double bestWall = Double.MAX_VALUE;
        Runnable nothing = () -> { };
        for (int round = 0; round < 7; round++) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Thread t = new Thread(nothing);
                t.start();
                t.join();
            }
            double wall = (System.nanoTime() - t0) / 1000.0 / n;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1000.0 / n;
            if (round >= 2) {
                bestWall = Math.min(bestWall, wall);
                bestCpu = Math.min(bestCpu, cpu);
            }
        }
        System.out.printf("wall %.2f us/thread cpu %.2f us/thread%n", bestWall, bestCpu);
    }
}
