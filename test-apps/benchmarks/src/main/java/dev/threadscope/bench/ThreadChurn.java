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
import org.openjdk.jmh.infra.Blackhole;

/** Platform thread start+join, the cost threadscope adds to every Thread.start(). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public abstract class ThreadChurn {
    private static final Runnable NOTHING = () -> { };

    @Benchmark
    public void startJoin(Blackhole bh) throws InterruptedException {
        Thread t = new Thread(NOTHING);
        t.start();
        t.join();
        bh.consume(t);
    }

    public static class NoAgent extends ThreadChurn {
    }

    @Fork(jvmArgsAppend = Args.JFR)
    public static class Jfr extends ThreadChurn {
    }

    @Fork(jvmArgsAppend = Args.AGENT)
    public static class Threadscope extends ThreadChurn {
    }

    @Fork(jvmArgsAppend = Args.AGENT_STACKS_OFF)
    public static class StacksOff extends ThreadChurn {
    }

    @Fork(jvmArgsAppend = Args.AGENT_NATIVE_OFF)
    public static class NativeOff extends ThreadChurn {
    }
}
