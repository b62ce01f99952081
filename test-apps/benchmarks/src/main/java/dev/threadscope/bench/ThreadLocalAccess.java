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

/** ThreadLocal.get()/set(): threadscope patches only ThreadLocal's constructor, so these must not move. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class ThreadLocalAccess {
    private static final ThreadLocal<Integer> LOCAL = ThreadLocal.withInitial(() -> 0);
    private int n;

    @Benchmark
    public Integer get() {
        return LOCAL.get();
    }

    @Benchmark
    public void set() {
        LOCAL.set(n++);
    }

    public static class NoAgent extends ThreadLocalAccess {
    }

    @Fork(jvmArgsAppend = Args.AGENT)
    public static class Threadscope extends ThreadLocalAccess {
    }
}
