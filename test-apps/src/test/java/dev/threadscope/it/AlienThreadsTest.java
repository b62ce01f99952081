package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Threads attached from native code (JNI AttachCurrentThread) in a JVM embedded by the
 * native harness, read over JMX: ALIEN from attach to detach, counted exactly, bounded
 * after churn, creators of the Java threads they start, and an exception left pending at
 * detach. See docs/alien-threads.md.
 */
@Timeout(180)
class AlienThreadsTest {
    private static final String ALIEN = "ALIEN";
    private static final ObjectName UNCAUGHT = objectName("dev.threadscope:type=UncaughtExceptions");

    @Test
    void theJniCreateJavaVmCallerIsMain() throws Exception {
        try (ChildJvm child = Harness.start("", "attach", "--stay", "--hold").awaitLine("created", 60)) {
            Map<String, String> main = Harness.line(child.stdout(), "main");
            Jmx jmx = new Jmx(child.jmx());
            List<CompositeData> mains = ofKind(jmx, "MAIN");
            assertEquals(1, mains.size(), Jmx.names(mains).toString());
            CompositeData row = mains.get(0);
            assertEquals(Harness.id(main), row.get("id"));
            assertEquals("main", row.get("name"));
            assertEquals(Boolean.FALSE, row.get("daemon"));
            assertEquals("main", row.get("groupName"));
            // The harness creates the VM on the process's initial thread: kernel tid == pid.
            assertEquals(Long.parseLong(main.get("tid")), row.get("osThreadId"));
            assertEquals(child.pid(), row.get("osThreadId"));
            assertEquals(1L, count(jmx, "LiveCounts", "MAIN"));
            quit(child);
        }
    }

    @Test
    void attachedThreadsAreAlienFromAttachToDetach() throws Exception {
        try (ChildJvm child = Harness.start("", "attach", "--threads", "6", "--stay", "--hold").awaitLine("created", 60)) {
            Jmx jmx = new Jmx(child.jmx());
            Counts before = Counts.of(jmx, ALIEN);
            child.send("start");
            child.awaitLine("ready", 60);

            List<Map<String, String>> attached = Harness.lines(child.stdout(), "attached");
            assertEquals(6, attached.size(), child.stdout());
            Set<Long> ids = new TreeSet<>();
            for (Map<String, String> asked : attached) {
                long id = Harness.id(asked);
                ids.add(id);
                CompositeData row = (CompositeData) jmx.invoke("thread", id, "long");
                assertAsAttached(asked, row);
                assertEquals(Boolean.TRUE, row.get("alive"), asked.toString());
                assertEquals(-1L, row.get("endMillis"), asked.toString());
                assertEquals(Long.parseLong(asked.get("tid")), row.get("osThreadId"), asked.toString());
                assertEquals(-1L, row.get("creatorId"), asked.toString());
                assertEquals("", row.get("creatorName"), asked.toString());
                assertEquals(Boolean.FALSE, row.get("seenAtLoad"), asked.toString());
                assertEquals(0, ((String[]) jmx.invoke("creationStack", id, "long")).length, asked.toString());
            }
            assertTrue(ids(ofKind(jmx, ALIEN)).containsAll(ids));
            Counts attachedCounts = Counts.of(jmx, ALIEN);
            assertEquals(before.live + 6, attachedCounts.live);
            assertEquals(before.started + 6, attachedCounts.started);
            assertEquals(before.ended, attachedCounts.ended);

            child.send("release");
            child.awaitLine("released", 60);
            List<Map<String, String>> detached = Harness.lines(child.stdout(), "detached");
            assertEquals(6, detached.size(), child.stdout());
            Counts after = Counts.of(jmx, ALIEN);
            assertEquals(before.ended + detached.size(), after.ended, "ALIEN ended = number of detaches");
            assertEquals(before.live, after.live, "live ALIEN back to its baseline");
            assertEquals(before.started + 6, after.started);
            List<CompositeData> ended = jmx.rows("RecentlyEnded");
            for (Map<String, String> asked : attached) {
                CompositeData row = byId(ended, Harness.id(asked));
                assertAsAttached(asked, row);
                assertEquals(Boolean.FALSE, row.get("alive"));
                assertEquals("TERMINATED", row.get("state"));
                long start = (Long) row.get("startMillis");
                long end = (Long) row.get("endMillis");
                assertTrue(start > 0 && end >= start, start + ".." + end);
            }
            assertFalse(ids(jmx.rows("Threads")).removeAll(ids) , "a detached thread is still listed live");
            quit(child);
        }
    }

    @Test
    void churnLeavesNothingButTheBoundedHistory() throws Exception {
        int history = 100;
        try (ChildJvm child = Harness.start("history=" + history, "churn", "--threads", "4", "--cycles", "10000",
                "--stay", "--hold").awaitLine("created", 60)) {
            Jmx jmx = new Jmx(child.jmx());
            Counts before = Counts.of(jmx, ALIEN);
            List<CompositeData> liveBefore = jmx.rows("Threads");
            // A console reading everything meanwhile, as in ReliabilityTest.
            long mainId = (Long) liveBefore.stream().filter(r -> "MAIN".equals(r.get("kind"))).findFirst()
                    .orElseThrow().get("id");
            java.util.concurrent.atomic.AtomicReference<Throwable> readerFailure = new java.util.concurrent.atomic.AtomicReference<>();
            javax.management.MBeanServerConnection server = child.jmx();
            Thread reader = new Thread(() -> ReliabilityTest.readEverythingUntilInterrupted(server, mainId, readerFailure),
                    "jmx-reader");
            reader.start();
            child.send("start");
            child.awaitLine("ready", 120);
            reader.interrupt();
            reader.join(30_000);
            assertTrue(readerFailure.get() == null, () -> "JMX reader failed during the churn: " + readerFailure.get());

            Map<String, String> churned = Harness.line(child.stdout(), "churned");
            assertEquals("10000", churned.get("cycles"), churned.toString());
            assertEquals("10000", churned.get("detaches"), churned.toString());
            Counts after = Counts.of(jmx, ALIEN);
            assertEquals(before.started + 10000, after.started);
            assertEquals(before.ended + 10000, after.ended, "ALIEN ended = number of detaches");
            assertEquals(before.live, after.live);

            List<CompositeData> liveAfter = jmx.rows("Threads");
            assertEquals(notSystem(liveBefore), notSystem(liveAfter), "live threads other than the JDK's own");
            // The JDK's RMI transport may open a connection thread for the concurrent reader: not ours.
            assertTrue(withoutRmi(liveAfter) <= withoutRmi(liveBefore),
                    "Threads grew from " + Jmx.names(liveBefore) + " to " + Jmx.names(liveAfter));
            List<CompositeData> ended = jmx.rows("RecentlyEnded");
            assertEquals(history, ended.size(), "history is bounded");
            // The first churned thread has long left the history: nothing holds on to it.
            long first = Long.parseLong(churned.get("min-id"));
            RuntimeMBeanException forgotten = assertThrows(RuntimeMBeanException.class,
                    () -> jmx.invoke("thread", first, "long"));
            assertInstanceOf(IllegalArgumentException.class, forgotten.getCause());
            assertBalanced(jmx);
            quit(child);
        }
    }

    @Test
    void javaThreadsStartedByAnAlienThreadHaveItAsCreator() throws Exception {
        try (ChildJvm child = Harness.start("", "spawn-java", "--stay").awaitLine("ready", 60)) {
            Jmx jmx = new Jmx(child.jmx());
            long spawner = Harness.id(Harness.line(child.stdout(), "attached"));
            CompositeData alien = (CompositeData) jmx.invoke("thread", spawner, "long");
            assertEquals(ALIEN, alien.get("kind"));
            assertEquals("harness-spawner", alien.get("name"));

            CompositeData user = jmx.live("harness-spawned-user");
            CompositeData daemon = jmx.live("harness-spawned-daemon");
            assertEquals("USER", user.get("kind"));
            assertEquals(Boolean.FALSE, user.get("daemon"));
            assertEquals("DAEMON", daemon.get("kind"));
            assertEquals(Boolean.TRUE, daemon.get("daemon"));
            for (CompositeData spawned : List.of(user, daemon)) {
                assertEquals(spawner, spawned.get("creatorId"), spawned.get("name").toString());
                assertEquals("harness-spawner", spawned.get("creatorName"));
                assertEquals("main", spawned.get("groupName"));
                assertTrue((Long) spawned.get("osThreadId") > 0);
            }
            // The alien thread has no Java frames below its callback: the stack ends there.
            String[] stack = (String[]) jmx.invoke("creationStack", user.get("id"), "long");
            assertTrue(stack.length >= 2 && stack[0].contains("java.lang.Thread.start"), Arrays.toString(stack));
            assertTrue(stack[stack.length - 1].contains("dev.threadscope.testapp.harness.Callbacks.spawn"),
                    Arrays.toString(stack));

            Map<String, Long> endedBefore = jmx.counts("EndedCounts");
            child.send("release");
            child.awaitLine("released", 60);
            Map<String, Long> endedAfter = jmx.counts("EndedCounts");
            for (String kind : List.of(ALIEN, "USER", "DAEMON")) {
                assertEquals(endedBefore.getOrDefault(kind, 0L) + 1, endedAfter.getOrDefault(kind, 0L), kind);
            }
            List<CompositeData> ended = jmx.rows("RecentlyEnded");
            assertEquals(spawner, Jmx.find(ended, "harness-spawned-user").get("creatorId"));
            assertEquals(ALIEN, byId(ended, spawner).get("kind"));
            assertBalanced(jmx);
            quit(child);
        }
    }

    @Test
    void anExceptionPendingAtDetachIsDispatchedAsUncaught() throws Exception {
        try (ChildJvm child = Harness.start("", "pending-exception", "--stay", "--hold").awaitLine("created", 60)) {
            Jmx jmx = new Jmx(child.jmx());
            Counts before = Counts.of(jmx, ALIEN);
            child.send("start");
            child.awaitLine("ready", 60);
            long id = Harness.id(Harness.line(child.stdout(), "pending"));
            Harness.line(child.stdout(), "detached");

            CompositeData row = byId(jmx.rows("RecentlyEnded"), id);
            assertEquals(ALIEN, row.get("kind"));
            assertEquals("harness-thrower", row.get("name"));
            assertEquals(Boolean.FALSE, row.get("alive"));
            Counts after = Counts.of(jmx, ALIEN);
            assertEquals(before.ended + 1, after.ended);
            assertEquals(before.live, after.live);
            // Dispatched while the thread was still alive (before its ThreadEnd): recorded as ALIEN.
            List<CompositeData> uncaught = Jmx.list(child.jmx().getAttribute(UNCAUGHT, "Recent"));
            assertEquals(1, uncaught.size(), uncaught.toString());
            assertEquals(id, uncaught.get(0).get("threadId"));
            assertEquals(ALIEN, uncaught.get(0).get("threadKind"));
            assertEquals(IllegalStateException.class.getName(), uncaught.get(0).get("exceptionClass"));
            quit(child);
            String err = child.stderr();
            assertTrue(err.contains("Exception in thread \"harness-thrower\" java.lang.IllegalStateException: harness: thrown on purpose"),
                    err);
            assertFalse(err.contains("A fatal error has been detected"), err);
        }
    }

    @Test
    void withoutTheNativeLibraryAliensAreRecordedAtAttachWithoutKernelIds() throws Exception {
        try (ChildJvm child = Harness.start("native=off", "attach", "--threads", "3", "--stay", "--hold")
                .awaitLine("created", 60)) {
            Jmx jmx = new Jmx(child.jmx());
            assertEquals(Boolean.FALSE, jmx.attribute("NativeAgentLoaded"));
            Counts before = Counts.of(jmx, ALIEN);
            child.send("start");
            child.awaitLine("ready", 60);
            // The fallback scans once a second; the threads stay attached until "release".
            awaitLive(jmx, before.live + 3);
            for (Map<String, String> asked : Harness.lines(child.stdout(), "attached")) {
                CompositeData row = (CompositeData) jmx.invoke("thread", Harness.id(asked), "long");
                assertAsAttached(asked, row);
                assertEquals(-1L, row.get("osThreadId"), "no kernel id without the library");
            }
            child.send("release");
            child.awaitLine("released", 60);
            awaitLive(jmx, before.live);
            assertEquals(before.ended + 3, Counts.of(jmx, ALIEN).ended);
            quit(child);
        }
    }

    @Test
    void withoutTheNativeLibraryEveryAttachIsCountedEvenBetweenScans() throws Exception {
        // Each attach lasts microseconds, far less than the fallback's one-second scans: only the
        // hook at the end of the Thread constructor the JVM runs for an attaching thread sees them.
        try (ChildJvm child = Harness.start("native=off", "churn", "--threads", "2", "--cycles", "2000", "--stay",
                "--hold").awaitLine("created", 60)) {
            Jmx jmx = new Jmx(child.jmx());
            Counts before = Counts.of(jmx, ALIEN);
            child.send("start");
            child.awaitLine("ready", 120);
            Counts after = Counts.of(jmx, ALIEN);
            assertEquals(before.started + 2000, after.started);
            assertEquals(before.ended + 2000, after.ended);
            assertEquals(before.live, after.live);
            quit(child);
        }
    }

    @Test
    void badUsageIsReportedWithoutStartingAJvm() throws Exception {
        try (ChildJvm child = Harness.start("", "no-such-scenario")) {
            assertEquals(2, child.waitFor(30));
            assertTrue(child.stderr().contains("harness: unknown scenario"), child.stderr());
            assertTrue(child.stderr().contains("usage: harness"), child.stderr());
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** Kind ALIEN, the daemon flag asked for, the name and group where given (else the JVM's: Thread-N, main). */
    private static void assertAsAttached(Map<String, String> asked, CompositeData row) {
        String what = asked + " vs " + row.get("name") + "/" + row.get("groupName");
        assertEquals(ALIEN, row.get("kind"), what);
        assertEquals(Boolean.parseBoolean(asked.get("daemon")), row.get("daemon"), what);
        String name = asked.get("name");
        if (name.equals("-")) {
            assertTrue(((String) row.get("name")).startsWith("Thread-"), what);
        } else {
            assertEquals(name, row.get("name"), what);
        }
        String group = asked.get("group");
        assertEquals(group.equals("-") ? "main" : group, row.get("groupName"), what);
    }

    private static void awaitLive(Jmx jmx, long aliens) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (count(jmx, "LiveCounts", ALIEN) != aliens && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(aliens, count(jmx, "LiveCounts", ALIEN), "live ALIEN threads after 10 s of scans");
    }

    /** For every kind, started = ended + live. */
    private static void assertBalanced(Jmx jmx) throws Exception {
        assertEquals("", jmx.imbalance(), "started = ended + live");
    }

    private static void quit(ChildJvm child) throws Exception {
        child.send("quit");
        assertEquals(0, child.waitFor(60), child.stderr());
        assertTrue(child.stdout().contains("destroyed"), child.stdout());
    }

    static long count(Jmx jmx, String attribute, String kind) throws Exception {
        return jmx.counts(attribute).getOrDefault(kind, 0L);
    }

    private static List<CompositeData> ofKind(Jmx jmx, String kind) throws Exception {
        return Jmx.list(jmx.invoke("threadsOfKind", kind, String.class.getName()));
    }

    private static Set<Long> ids(List<CompositeData> rows) {
        Set<Long> ids = new HashSet<>();
        for (CompositeData row : rows) {
            ids.add((Long) row.get("id"));
        }
        return ids;
    }

    private static long withoutRmi(List<CompositeData> rows) {
        return rows.stream().filter(r -> !((String) r.get("name")).startsWith("RMI TCP Connection(")).count();
    }

    private static List<String> notSystem(List<CompositeData> rows) {
        List<String> out = new ArrayList<>();
        for (CompositeData row : rows) {
            if (!"SYSTEM".equals(row.get("kind"))) {
                out.add(row.get("id") + ":" + row.get("name") + ":" + row.get("kind"));
            }
        }
        return out;
    }

    private static CompositeData byId(List<CompositeData> rows, long id) {
        for (CompositeData row : rows) {
            if (row.get("id").equals(id)) {
                return row;
            }
        }
        throw new AssertionError("no row with id " + id + " among " + Jmx.names(rows));
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ALIEN started/ended/live at one moment. */
    record Counts(long started, long ended, long live) {
        static Counts of(Jmx jmx, String kind) throws Exception {
            return new Counts(count(jmx, "StartedCounts", kind), count(jmx, "EndedCounts", kind),
                    count(jmx, "LiveCounts", kind));
        }
    }
}
