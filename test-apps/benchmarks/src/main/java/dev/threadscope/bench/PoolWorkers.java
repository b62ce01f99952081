package dev.threadscope.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A pool worker per operation: ThreadPoolExecutor starts its workers through
 * Thread.start(ThreadContainer) on JDK 21+ (plain start() on 17).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public abstract class PoolWorkers {
    private static final Runnable NOTHING = () -> { };

    @Benchmark
    public boolean oneWorker() throws InterruptedException {
        return PoolLoop.oneWorker(NOTHING);
    }

    public static class NoAgent extends PoolWorkers {
    }

    @Fork(jvmArgsAppend = Args.JFR)
    public static class Jfr extends PoolWorkers {
    }

    @Fork(jvmArgsAppend = Args.AGENT)
    public static class Threadscope extends PoolWorkers {
    }

    @Fork(jvmArgsAppend = Args.AGENT_STACKS_OFF)
    public static class StacksOff extends PoolWorkers {
    }
}
