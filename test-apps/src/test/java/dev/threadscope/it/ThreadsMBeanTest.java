package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.management.MBeanServerConnection;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sample app under the agent with default options, read over JMX like a console. */
class ThreadsMBeanTest {
    private static ChildJvm child;
    private static Jmx jmx;
    private static MBeanServerConnection server;

    @BeforeAll
    static void startSample() throws Exception {
        child = ChildJvm.sample("", "--stay").awaitLine("ready", 60);
        server = child.jmx();
        jmx = new Jmx(server);
    }

    @AfterAll
    static void stop() throws Exception {
        if (child != null) {
            child.close();
        }
    }

    @Test
    void classifiesMainUserDaemonAndSystemThreads() throws Exception {
        assertEquals("MAIN", jmx.live("main").get("kind"));
        assertEquals("USER", jmx.live("sample-user").get("kind"));
        assertEquals("DAEMON", jmx.live("sample-daemon").get("kind"));
        for (String system : List.of("Reference Handler", "Finalizer", "Signal Dispatcher")) {
            assertEquals("SYSTEM", jmx.live(system).get("kind"), system);
        }
        assertEquals(Boolean.TRUE, jmx.live("sample-daemon").get("daemon"));
        assertEquals(Boolean.FALSE, jmx.live("sample-user").get("daemon"));
        assertEquals(Boolean.FALSE, jmx.live("main").get("daemon"));
    }

    /**
     * The common pool's workers run application tasks: DAEMON, though on JDK 24+ they live in
     * a thread group of their own under the system group.
     */
    @Test
    void commonPoolWorkersAreDaemonThreads() throws Exception {
        child.send("common-pool");
        CompositeData worker = null;
        for (int i = 0; i < 100 && worker == null; i++) {
            for (CompositeData row : jmx.rows("Threads")) {
                if (((String) row.get("name")).startsWith("ForkJoinPool.commonPool-worker-")) {
                    worker = row;
                }
            }
            Thread.sleep(50);
        }
        assertNotNull(worker, "no common pool worker");
        assertEquals("DAEMON", worker.get("kind"), String.valueOf(worker.get("groupName")));
    }

    @Test
    void daemonFlagMatchesTheJvmOnEveryRow() throws Exception {
        ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(server,
                ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
        int checked = 0;
        for (CompositeData row : jmx.rows("Threads")) {
            ThreadInfo info = threads.getThreadInfo((Long) row.get("id"));
            if (info != null) {
                assertEquals(info.isDaemon(), row.get("daemon"), "daemon flag of " + row.get("name"));
                assertEquals(info.getThreadName(), row.get("name"));
                checked++;
            }
            assertEquals(Boolean.TRUE, row.get("alive"));
            assertEquals(-1L, row.get("endMillis"));
        }
        assertTrue(checked >= 8, "checked " + checked + " rows");
    }

    @Test
    void creatorAndCreationStack() throws Exception {
        CompositeData main = jmx.live("main");
        CompositeData user = jmx.live("sample-user");
        assertEquals(main.get("id"), user.get("creatorId"));
        assertEquals("main", user.get("creatorName"));
        CompositeData spawner = jmx.live("sample-spawner");
        CompositeData spawned = jmx.live("sample-child");
        assertEquals(spawner.get("id"), spawned.get("creatorId"));
        assertEquals("sample-spawner", spawned.get("creatorName"));

        String[] stack = (String[]) jmx.invoke("creationStack", user.get("id"), "long");
        assertTrue(stack.length > 2, Arrays.toString(stack));
        assertTrue(stack[0].contains("java.lang.Thread.start"), stack[0]);
        assertTrue(Arrays.stream(stack).anyMatch(f -> f.contains("dev.threadscope.testapp.SampleApp.startWorkers")),
                Arrays.toString(stack));
        assertFalse(Arrays.stream(stack).anyMatch(f -> f.contains("threadscope.core")), Arrays.toString(stack));
    }

    @Test
    void endedThreadsMoveToHistory() throws Exception {
        List<CompositeData> ended = jmx.rows("RecentlyEnded");
        for (String name : List.of("sample-short", "sample-thrower")) {
            CompositeData row = Jmx.find(ended, name);
            assertEquals("USER", row.get("kind"));
            assertEquals(Boolean.FALSE, row.get("alive"));
            assertEquals("TERMINATED", row.get("state"));
            long start = (Long) row.get("startMillis");
            long end = (Long) row.get("endMillis");
            assertTrue(start > 0 && end >= start, start + ".." + end);
        }
        Map<String, Long> endedCounts = jmx.counts("EndedCounts");
        assertTrue(endedCounts.get("USER") >= 2, endedCounts.toString());
        assertEquals("", jmx.imbalance(), "started = ended + live, for every kind");
        assertEquals(1L, jmx.counts("LiveCounts").get("MAIN"));
    }

    @Test
    void unknownIdIsAClearError() throws Exception {
        RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class, () -> jmx.invoke("thread", 999999L, "long"));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("999999"), e.getCause().getMessage());
        RuntimeMBeanException k = assertThrows(RuntimeMBeanException.class,
                () -> jmx.invoke("threadsOfKind", "PURPLE", String.class.getName()));
        assertTrue(k.getCause().getMessage().contains("PURPLE"), k.getCause().getMessage());
    }

    @Test
    void operationsAndAttributes() throws Exception {
        assertEquals(Boolean.TRUE, jmx.attribute("NativeAgentLoaded"));
        CompositeData user = jmx.live("sample-user");
        CompositeData same = (CompositeData) jmx.invoke("thread", user.get("id"), "long");
        assertEquals(user.get("name"), same.get("name"));
        List<CompositeData> system = Jmx.list(jmx.invoke("threadsOfKind", "system", String.class.getName()));
        assertTrue(system.stream().allMatch(r -> r.get("kind").equals("SYSTEM")));
        Jmx.find(system, "Reference Handler");
        javax.management.openmbean.TabularData options = (javax.management.openmbean.TabularData) jmx.attribute("Options");
        assertEquals(7, options.size());
    }

    @Test
    void chartableNumbersAndDescriptionsForConsoles() throws Exception {
        // Separate reads, not one snapshot: the JMX connection's own threads (SYSTEM) come and go
        // between them, so the per-kind attributes are compared with LiveCounts at a quiet moment.
        String differs = "";
        for (int attempt = 0; attempt < 20; attempt++) {
            Map<String, Long> live = jmx.counts("LiveCounts");
            differs = "";
            for (String kind : List.of("User", "Daemon", "System")) {
                Object single = jmx.attribute("Live" + kind + "Count");
                if (!live.get(kind.toUpperCase(java.util.Locale.ROOT)).equals(single)) {
                    differs += kind + ": " + live + " vs " + single + "; ";
                }
            }
            if (differs.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("", differs, "LiveCounts and the per-kind attributes");
        assertEquals(1L, jmx.attribute("LiveMainCount"));
        assertEquals(0L, jmx.attribute("LiveAlienCount"));
        long started = jmx.counts("StartedCounts").values().stream().mapToLong(Long::longValue).sum();
        assertTrue((Long) jmx.attribute("TotalStartedCount") >= started);
        assertTrue((Long) jmx.attribute("TotalEndedCount") >= 2);
        javax.management.MBeanInfo info = server.getMBeanInfo(Jmx.THREADS);
        assertTrue(info.getDescription().contains("ALIEN"), info.getDescription());
        for (javax.management.MBeanAttributeInfo a : info.getAttributes()) {
            if (a.getName().equals("LiveCounts")) {
                assertEquals("Live threads per kind", a.getDescription());
            }
        }
        assertEquals(2, info.getNotifications()[0].getNotifTypes().length);
        // A console labels each operation's fields with its parameters' names: not p0, p1.
        Map<String, String> signatures = new java.util.TreeMap<>();
        for (javax.management.ObjectName bean : List.of(Jmx.THREADS, ThreadLocalsTest.LOCALS)) {
            for (javax.management.MBeanOperationInfo op : server.getMBeanInfo(bean).getOperations()) {
                StringBuilder b = new StringBuilder();
                for (javax.management.MBeanParameterInfo p : op.getSignature()) {
                    assertFalse(p.getDescription().isBlank() || p.getDescription().equals(p.getName()),
                            op.getName() + "(" + p.getName() + ") has no description");
                    b.append(b.length() == 0 ? "" : ", ").append(p.getName());
                }
                signatures.put(op.getName(), b.toString());
            }
        }
        assertEquals("{creationStack=id, holdersOf=threadLocalId, summary=, thread=id, threadLocals=threadId, "
                + "threadsOfKind=kind, threadsPage=kind, offset, limit}", signatures.toString());
    }

    @Test
    void osThreadIdIsTheKernelsId() throws Exception {
        for (String name : List.of("sample-user", "sample-daemon", "main")) {
            long tid = (Long) jmx.live(name).get("osThreadId");
            assertTrue(tid > 0, name + " has no osThreadId");
            Path comm = Path.of("/proc", Long.toString(child.pid()), "task", Long.toString(tid), "comm");
            assertTrue(Files.exists(comm), "no task " + tid + " in the child for " + name);
            String kernelName = Files.readString(comm).trim();
            // The JVM names the native thread after the Java thread; the launcher's main thread is "java".
            assertEquals(name.equals("main") ? "java" : name, kernelName);
        }
        // The JVM's own threads, running before threadscope loaded (read from the JVM at load)
        // or started by the VM itself later (found when read): their kernel ids too.
        for (String name : List.of("Reference Handler", "Signal Dispatcher")) {
            long tid = (Long) jmx.live(name).get("osThreadId");
            assertTrue(tid > 0, name + " has no osThreadId");
            Path comm = Path.of("/proc", Long.toString(child.pid()), "task", Long.toString(tid), "comm");
            assertEquals(name.substring(0, 15), Files.readString(comm).trim(), "the kernel truncates names to 15");
        }
    }

    @Test
    void threadsListHasNoDuplicatesAndIsSorted() throws Exception {
        long[] ids = jmx.rows("Threads").stream().mapToLong(r -> (Long) r.get("id")).toArray();
        long[] sorted = ids.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, ids);
        assertEquals(ids.length, Arrays.stream(ids).distinct().count());
        assertNotNull(jmx.live("sample-stdin"));
    }

    /**
     * A console that subscribes before it first reads (jconsole does) turns JVMTI start events
     * on; threads the JVM started itself after premain and before that (the Attach Listener this
     * very connection started, the Notification Thread) had no start event and must still have
     * their rows: every thread the JVM lists, alive before and after the read, is in Threads.
     */
    @Test
    void aListenerBeforeTheFirstReadLosesNoThreadTheJvmStartedItself() throws Exception {
        try (ChildJvm fresh = ChildJvm.sample("", "--stay").awaitLine("ready", 60)) {
            MBeanServerConnection conn = fresh.jmx();
            conn.addNotificationListener(Jmx.THREADS, (n, handback) -> { }, null, null);
            ThreadMXBean jvm = ManagementFactory.newPlatformMXBeanProxy(conn, ManagementFactory.THREAD_MXBEAN_NAME,
                    ThreadMXBean.class);
            long[] before = jvm.getAllThreadIds();
            java.util.Set<Long> rows = new java.util.HashSet<>();
            for (CompositeData row : new Jmx(conn).rows("Threads")) {
                rows.add((Long) row.get("id"));
            }
            java.util.List<String> missing = new java.util.ArrayList<>();
            for (ThreadInfo info : jvm.getThreadInfo(before)) {
                if (info != null && !rows.contains(info.getThreadId())) { // still alive after the read
                    missing.add(info.getThreadName());
                }
            }
            assertEquals(List.of(), missing, "threads the JVM lists and Threads does not");
            assertTrue(rows.size() >= 8, rows.toString());
        }
    }
}
