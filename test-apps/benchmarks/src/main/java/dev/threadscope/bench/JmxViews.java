package dev.threadscope.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a console waits for: Threads with 10,000 live threads, threadLocals(tid) of a thread
 * with 100 entries, summary() over 2,000 threads with 20 entries each. In-process MBeanServer
 * calls (the MXBean mapping included, the network not).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Args.AGENT, "-Xss256k"})
public class JmxViews {
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();
    private MBeanServer server;
    private ObjectName threadsBean;
    private ObjectName localsBean;
    private long hundredEntriesThread;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        server = ManagementFactory.getPlatformMBeanServer();
        threadsBean = new ObjectName("dev.threadscope:type=Threads");
        localsBean = new ObjectName("dev.threadscope:type=ThreadLocals");
        List<ThreadLocal<Integer>> twenty = locals(20);
        for (int i = 0; i < 10_000; i++) {
            List<ThreadLocal<Integer>> mine = i < 2_000 ? twenty : List.of();
            start("parked-" + i, mine);
        }
        Thread hundred = start("hundred", locals(100));
        hundredEntriesThread = hundred.getId();
        Thread.sleep(500);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        release.countDown();
    }

    @Benchmark
    public Object threadsWith10kLive() throws Exception {
        return server.getAttribute(threadsBean, "Threads");
    }

    @Benchmark
    public Object threadLocalsOf100() throws Exception {
        return server.invoke(localsBean, "threadLocals", new Object[] {hundredEntriesThread}, new String[] {"long"});
    }

    @Benchmark
    public Object summaryOf2000x20() throws Exception {
        return server.invoke(localsBean, "summary", new Object[0], new String[0]);
    }

    private Thread start(String name, List<ThreadLocal<Integer>> locals) {
        Thread t = new Thread(() -> {
            for (ThreadLocal<Integer> l : locals) {
                l.set(42);
            }
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.setDaemon(true);
        t.start();
        threads.add(t);
        return t;
    }

    private static List<ThreadLocal<Integer>> locals(int n) {
        List<ThreadLocal<Integer>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ThreadLocal<>());
        }
        return out;
    }
}
