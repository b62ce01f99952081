package dev.threadscope.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Virtual threads (JDK 21+; on 17 the setup fails and scripts/bench skips them): one
 * start+join at a time, and 100,000 started at once then joined.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public abstract class VirtualChurn {
    private static final Runnable NOTHING = () -> { };
    private MethodHandle startVirtual;

    @Setup
    public void setup() throws ReflectiveOperationException {
        startVirtual = MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                MethodType.methodType(Thread.class, Runnable.class));
    }

    @Benchmark
    public Thread sequential() throws Throwable {
        Thread t = (Thread) startVirtual.invokeExact(NOTHING);
        t.join();
        return t;
    }

    /** Throughput in batches of 100,000: multiply ops/s by 100,000 for threads/s. */
    @Benchmark
    @Warmup(iterations = 2, time = 3)
    @Measurement(iterations = 4, time = 3)
    public int hundredThousandAtOnce() throws Throwable {
        Thread[] threads = new Thread[100_000];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = (Thread) startVirtual.invokeExact(NOTHING);
        }
        for (Thread t : threads) {
            t.join();
        }
        return threads.length;
    }

    public static class NoAgent extends VirtualChurn {
    }

    @Fork(jvmArgsAppend = Args.JFR)
    public static class Jfr extends VirtualChurn {
    }

    @Fork(jvmArgsAppend = Args.AGENT)
    public static class Threadscope extends VirtualChurn {
    }

    @Fork(jvmArgsAppend = Args.AGENT_TRACK)
    public static class Tracked extends VirtualChurn {
    }
}
