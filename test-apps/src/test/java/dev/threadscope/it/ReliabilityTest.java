package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.Test;

/** The host application never notices threadscope: under churn, at shutdown, with faults and bad input. */
class ReliabilityTest {
    static final String STRESS = "dev.threadscope.testapp.StressApp";
    static final ObjectName THREADS = name("dev.threadscope:type=Threads");
    static final ObjectName UNCAUGHT = name("dev.threadscope:type=UncaughtExceptions");
    static final ObjectName LOCALS = name("dev.threadscope:type=ThreadLocals");

    @Test
    void churnUnderObservationStaysExactAndLeavesNothingBehind() throws Exception {
        long total = Long.getLong("threadscope.stress.total", 200_000);
        try (ChildJvm app = ChildJvm.start("", List.of("-Xmx256m"), STRESS, "churn", "8", Long.toString(total))) {
            MBeanServerConnection server = app.awaitLine("waiting", 60).jmx();
            Jmx jmx = new Jmx(server);
            long mainId = (Long) jmx.live("main").get("id");
            AtomicReference<Throwable> readerFailure = new AtomicReference<>();
            Thread reader = new Thread(() -> readEverythingUntilInterrupted(server, mainId, readerFailure), "jmx-reader");
            reader.start();
            app.send("go");
            long lastStarted = -1;
            long lastProgress = System.currentTimeMillis();
            while (!app.stdout().contains("churned " + total)) {
                long started = jmx.counts("StartedCounts").get("USER");
                if (started != lastStarted) {
                    lastStarted = started;
                    lastProgress = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - lastProgress > 30_000) {
                    throw new AssertionError("no progress for 30 s; threads:\n" + dump(server) + app.stderr());
                }
                assertTrue(readerFailure.get() == null, () -> "JMX reader failed: " + readerFailure.get());
                Thread.sleep(250);
            }
            reader.interrupt();
            reader.join(30_000);
            assertTrue(readerFailure.get() == null, () -> "JMX reader failed: " + readerFailure.get());

            assertEquals("", jmx.imbalance(), "started = ended + live");
            Map<String, Long> started = jmx.counts("StartedCounts");
            Map<String, Long> ended = jmx.counts("EndedCounts");
            assertTrue(started.get("USER") >= total + 8, started.toString());
            assertTrue(ended.get("USER") >= total + 8, ended.toString());
            long liveRows = Jmx.list(server.getAttribute(THREADS, "Threads")).size();
            long liveThreads = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.THREAD_MXBEAN_NAME,
                    ThreadMXBean.class).getThreadCount();
            assertTrue(Math.abs(liveRows - liveThreads) <= 3, liveRows + " rows for " + liveThreads + " threads");
            assertFalse(app.stderr().contains("Exception"), app.stderr());
            long withAgent = heapAfterGc(server);

            try (ChildJvm plain = ChildJvm.start(null, List.of("-Xmx256m"), STRESS, "churn", "8", Long.toString(total))) {
                plain.awaitLine("waiting", 60).send("go");
                plain.awaitLine("churned " + total, 600);
                long without = heapAfterGc(plain.jmx());
                // Stated bound: the history of 1,000 ended threads (~1 KB each with their stacks), the
                // MBeans, and the classes threadscope loaded; no growth with the number of threads started.
                assertTrue(withAgent - without < 8 * 1024 * 1024, "heap " + withAgent + " with the agent, " + without
                        + " without");
            }
        }
    }

    @Test
    void shutdownFromAWorkerOrWithThreadsRunningIsClean() throws Exception {
        for (String[] c : new String[][] {{"exit", "3"}, {"halt", "4"}, {"many", "1000"}}) {
            try (ChildJvm app = ChildJvm.start("", List.of(), STRESS, c)) {
                int expected = c[0].equals("many") ? 0 : Integer.parseInt(c[1]);
                assertEquals(expected, app.waitFor(120), c[0] + app.stderr());
                assertFalse(app.stderr().contains("[threadscope]"), c[0] + ": " + app.stderr());
                assertFalse(app.stderr().contains("fatal error") || app.stdout().contains("reader failed"),
                        c[0] + ": " + app.stdout() + app.stderr());
            }
        }
    }

    @Test
    void faultsFallBackWithOneClearLine() throws Exception {
        Path garbage = Files.createTempFile("not-a-library", ".so");
        Files.writeString(garbage, "this is not an ELF file");
        try {
            Map<String, List<String>> cases = Map.of(
                    "missing", List.of("-Dthreadscope.native.path=/nonexistent/libthreadscope.so"),
                    "wrong format", List.of("-Dthreadscope.native.path=" + garbage),
                    "no temp dir", List.of("-Djava.io.tmpdir=/nonexistent/tmp"));
            for (Map.Entry<String, List<String>> c : cases.entrySet()) {
                try (ChildJvm app = ChildJvm.start("", c.getValue(), "dev.threadscope.testapp.SampleApp")) {
                    assertEquals(0, app.waitFor(60), c.getKey());
                    List<String> ours = app.stderr().lines().filter(l -> l.startsWith("[threadscope]")).toList();
                    assertEquals(1, ours.size(), c.getKey() + ": " + app.stderr());
                    assertTrue(ours.get(0).contains("pure-Java fallback"), ours.get(0));
                    assertTrue(app.stdout().contains("sample app: done"), app.stdout());
                }
            }
        } finally {
            Files.deleteIfExists(garbage);
        }
        String agent = "-javaagent:" + ChildJvm.AGENT_JAR.toAbsolutePath();
        try (ChildJvm twice = ChildJvm.start("", List.of(agent), "dev.threadscope.testapp.SampleApp")) {
            assertEquals(0, twice.waitFor(60));
            assertEquals(1, twice.stderr().lines().filter(l -> l.contains("[threadscope] already loaded")).count(),
                    twice.stderr());
            assertEquals(1, twice.stderr().lines().filter(l -> l.startsWith("[threadscope]")).count(), twice.stderr());
        }
        try (ChildJvm loaded = ChildJvm.sample("", "--stay").awaitLine("ready", 60)) {
            // The CLI sees threadscope's library in the JVM's memory map and loads nothing.
            CliTest.Result attach = CliTest.cli("attach", Long.toString(loaded.pid()));
            assertEquals(0, attach.exit(), attach.err());
            assertTrue(attach.err().contains("already loaded in " + loaded.pid()), attach.err());
            Thread.sleep(200);
            assertEquals(0, loaded.stderr().lines().filter(l -> l.startsWith("[threadscope]")).count(), loaded.stderr());
            assertEquals("MAIN", new Jmx(loaded.jmx()).live("main").get("kind"));
        }
    }

    /**
     * Another agent's advice woven into threadscope's own classes (every Runnable's run(), as APM
     * agents match) calls a helper that only the application class path has: our classes come
     * from the agent's own loader, which must still find it there (before, the MBeans silently
     * failed to register).
     */
    @Test
    void anotherAgentsAdviceInOurClassesFindsItsHelpers() throws Exception {
        Path dir = Files.createTempDirectory("threadscope-advice");
        Path agent = dir.resolve("advice-agent.jar");
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", "dev.threadscope.testapp.AdviceAgent");
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(agent), manifest)) {
            // the agent's classes are on the class path already
        }
        String classpath = ChildJvm.APP_CLASSES + java.io.File.pathSeparator + jarOnClasspath("byte-buddy");
        try {
            for (boolean ourAgentFirst : new boolean[] {false, true}) {
                List<String> cmd = new ArrayList<>(List.of(ChildJvm.JAVA, "-javaagent:" + agent,
                        "-javaagent:" + ChildJvm.AGENT_JAR.toAbsolutePath()));
                if (ourAgentFirst) {
                    java.util.Collections.swap(cmd, 1, 2);
                }
                cmd.addAll(List.of("-cp", classpath, "dev.threadscope.testapp.AdviceAgent"));
                try (ChildJvm app = ChildJvm.exec(cmd, Map.of())) {
                    assertEquals(0, app.waitFor(60), app.stderr());
                    assertEquals("registered=true advice ran=true", app.stdout().trim(), app.stderr());
                    assertFalse(app.stderr().contains("Error") || app.stderr().contains("Exception"), app.stderr());
                }
            }
        } finally {
            Files.deleteIfExists(agent);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void anApplicationWithItsOwnByteBuddyRunsUnchanged() throws Exception {
        String classpath = ChildJvm.APP_CLASSES + java.io.File.pathSeparator + jarOnClasspath("byte-buddy");
        List<String> base = List.of(ChildJvm.JAVA, "-cp", classpath, "dev.threadscope.testapp.ByteBuddyApp");
        String expected;
        try (ChildJvm plain = ChildJvm.exec(base, Map.of())) {
            assertEquals(0, plain.waitFor(60), plain.stderr());
            expected = plain.stdout();
        }
        List<String> withAgent = new ArrayList<>(base);
        withAgent.add(1, "-javaagent:" + ChildJvm.AGENT_JAR.toAbsolutePath());
        try (ChildJvm app = ChildJvm.exec(withAgent, Map.of())) {
            assertEquals(0, app.waitFor(60), app.stderr());
            assertEquals(expected, app.stdout());
            assertTrue(expected.contains("made by byte buddy"), expected);
            assertEquals("", app.stderr().lines().filter(l -> !l.startsWith("WARNING")).reduce("", String::concat));
        }
    }

    @Test
    void aSecurityManagerDoesNotStopTheApplication() throws Exception {
        if (ChildJvm.JAVA_VERSION >= 24) {
            return; // JEP 486: the Security Manager cannot be enabled any more
        }
        try (ChildJvm app = ChildJvm.start("", List.of("-Djava.security.manager"), "dev.threadscope.testapp.SampleApp")) {
            assertEquals(0, app.waitFor(60), app.stderr());
            assertTrue(app.stdout().contains("sample app: done"), app.stdout());
            assertTrue(app.stderr().lines().filter(l -> l.startsWith("[threadscope]")).count() <= 1, app.stderr());
        }
    }

    @Test
    void hugeAndNonAsciiThreadNamesAreShownAsTheyAre() throws Exception {
        try (ChildJvm app = ChildJvm.start("", List.of(), STRESS, "names").awaitLine("ready", 60)) {
            List<CompositeData> rows = new Jmx(app.jmx()).rows("Threads");
            assertTrue(rows.stream().anyMatch(r -> ((String) r.get("name")).length() == 100_000));
            assertTrue(rows.stream().anyMatch(r -> "名前-🧵-ñ\tand\nnewline".equals(r.get("name"))));
            Result table = CliTestSupport.cli(Long.toString(app.pid()), "threads");
            assertEquals(0, table.exit(), table.err());
            assertTrue(table.out().lines().allMatch(l -> l.length() <= 80), table.out());
            Result json = CliTestSupport.cli(Long.toString(app.pid()), "threads", "--json");
            // Escaped to ASCII (the same bytes in any locale), and the same name once parsed.
            assertTrue(json.out().contains("\\u540d\\u524d-\\ud83e\\uddf5-\\u00f1\\tand\\nnewline"),
                    json.out().substring(0, Math.min(2000, json.out().length())));
            assertTrue(json.out().chars().allMatch(c -> c < 0x80), "--json is ASCII");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> threads = (List<Map<String, Object>>) ((Map<String, Object>) MiniJson.parse(json.out()))
                    .get("threads");
            assertTrue(threads.stream().anyMatch(t -> "名前-🧵-ñ\tand\nnewline".equals(t.get("name"))));
        }
    }

    @Test
    void invalidArgumentsToEveryOperationAreClearErrors() throws Exception {
        try (ChildJvm app = ChildJvm.sample("", "--stay").awaitLine("ready", 60)) {
            MBeanServerConnection server = app.jmx();
            Object[][] calls = {
                {THREADS, "thread", new Object[] {-1L}, new String[] {"long"}},
                {THREADS, "thread", new Object[] {Long.MAX_VALUE}, new String[] {"long"}},
                {THREADS, "creationStack", new Object[] {Long.MIN_VALUE}, new String[] {"long"}},
                {THREADS, "threadsOfKind", new Object[] {null}, new String[] {String.class.getName()}},
                {THREADS, "threadsOfKind", new Object[] {""}, new String[] {String.class.getName()}},
                {THREADS, "threadsPage", new Object[] {"USER", -1, 10}, new String[] {String.class.getName(), "int", "int"}},
                {THREADS, "threadsPage", new Object[] {"USER", 0, Integer.MAX_VALUE}, new String[] {String.class.getName(), "int", "int"}},
                {LOCALS, "threadLocals", new Object[] {-7L}, new String[] {"long"}},
                {LOCALS, "holdersOf", new Object[] {null}, new String[] {String.class.getName()}},
                {LOCALS, "holdersOf", new Object[] {"x".repeat(10_000)}, new String[] {String.class.getName()}},
            };
            for (Object[] c : calls) {
                RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class,
                        () -> server.invoke((ObjectName) c[0], (String) c[1], (Object[]) c[2], (String[]) c[3]),
                        c[1] + " " + java.util.Arrays.toString((Object[]) c[2]));
                assertInstanceOf(IllegalArgumentException.class, e.getCause(), c[1] + ": " + e.getCause());
                assertTrue(e.getCause().getMessage() != null && e.getCause().getMessage().length() < 300,
                        String.valueOf(e.getCause().getMessage()));
            }
            assertEquals("MAIN", new Jmx(server).live("main").get("kind"));
            assertFalse(app.stderr().contains("[threadscope]"), app.stderr());
        }
    }

    @Test
    void randomAgentOptionsNeverStopTheApplication() throws Exception {
        Random random = new Random(7);
        String alphabet = "=,abcdefhiklnorstuvwy0123456789-_.%:/";
        int runs = Integer.getInteger("threadscope.fuzz.runs", 200);
        for (int i = 0; i < runs; i++) {
            StringBuilder b = new StringBuilder();
            for (int j = random.nextInt(30) + 1; j > 0; j--) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String options = b.toString();
            try (ChildJvm app = ChildJvm.start(options, List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1"),
                    "dev.threadscope.testapp.Noop")) {
                assertEquals(0, app.waitFor(60), "'" + options + "': " + app.stderr());
                assertEquals("ok" + System.lineSeparator(), app.stdout(), options);
                List<String> lines = app.stderr().lines().toList();
                for (String line : lines) {
                    assertTrue(line.startsWith("[threadscope] "), "'" + options + "': " + line);
                }
                long items = java.util.Arrays.stream(options.split(",")).filter(x -> !x.isBlank()).count();
                assertTrue(lines.size() <= items, "at most one line per item: '" + options + "': " + lines);
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** Reads every attribute and calls every operation of the three MBeans until interrupted. */
    static void readEverythingUntilInterrupted(MBeanServerConnection server, long mainId,
                                                       AtomicReference<Throwable> failure) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (String a : List.of("LiveCounts", "StartedCounts", "EndedCounts", "Threads", "RecentlyEnded",
                        "NativeAgentLoaded", "Options", "VirtualThreadsNotListed")) {
                    server.getAttribute(THREADS, a);
                }
                server.invoke(THREADS, "thread", new Object[] {mainId}, new String[] {"long"});
                server.invoke(THREADS, "creationStack", new Object[] {mainId}, new String[] {"long"});
                server.invoke(THREADS, "threadsOfKind", new Object[] {"USER"}, new String[] {String.class.getName()});
                server.invoke(THREADS, "threadsPage", new Object[] {"*", 0, 100},
                        new String[] {String.class.getName(), "int", "int"});
                for (String a : List.of("TotalCount", "CountsByType", "Recent", "LostCount", "Lost")) {
                    server.getAttribute(UNCAUGHT, a);
                }
                server.invoke(LOCALS, "summary", new Object[0], new String[0]);
                server.invoke(LOCALS, "threadLocals", new Object[] {mainId}, new String[] {"long"});
                for (CompositeData row : Jmx.list(server.getAttribute(THREADS, "RecentlyEnded"))) {
                    try {
                        server.invoke(THREADS, "creationStack", new Object[] {row.get("id")}, new String[] {"long"});
                    } catch (RuntimeMBeanException e) {
                        // Under churn the thread may have left the bounded history since the read:
                        // the documented answer is IllegalArgumentException, and nothing else.
                        if (!(e.getCause() instanceof IllegalArgumentException)) {
                            throw e;
                        }
                    }
                    break;
                }
            }
        } catch (Throwable t) {
            if (!(t instanceof InterruptedException) && !Thread.currentThread().isInterrupted()) {
                failure.set(t);
            }
        }
    }

    private static long heapAfterGc(MBeanServerConnection server) throws Exception {
        MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME,
                MemoryMXBean.class);
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            memory.gc();
            Thread.sleep(100);
            min = Math.min(min, memory.getHeapMemoryUsage().getUsed());
        }
        return min;
    }

    private static String dump(MBeanServerConnection server) throws Exception {
        StringBuilder b = new StringBuilder();
        ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.THREAD_MXBEAN_NAME,
                ThreadMXBean.class);
        for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
            b.append(info);
        }
        return b.toString();
    }

    private static String jarOnClasspath(String name) {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().startsWith(name)) {
                return entry;
            }
        }
        throw new AssertionError(name + " is not on the test class path");
    }

    private static ObjectName name(String s) {
        try {
            return new ObjectName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    record Result(int exit, String out, String err) {
    }

    /** The CLI through scripts/threadscope, as CliTest runs it. */
    static final class CliTestSupport {
        static Result cli(String... args) throws Exception {
            CliTest.Result r = CliTest.cli(args);
            return new Result(r.exit(), r.out(), r.err());
        }
    }
}
