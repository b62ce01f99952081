package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

import org.junit.jupiter.api.Test;

/** The excepthook: every uncaught exception recorded once, the application's handling unchanged. */
class UncaughtExceptionsTest {
    static final ObjectName UNCAUGHT = name("dev.threadscope:type=UncaughtExceptions");
    static final String APP = "dev.threadscope.testapp.ErrorsApp";
    /**
     * err-user, err-daemon, err-shared-1, err-shared-2 (one throwable, two deaths), err-own,
     * err-grouped, err-appdefault, err-nodefault, err-death, err-nasty.
     */
    static final int UNCAUGHT_IN_APP = 12;

    @Test
    void everyUncaughtExceptionIsRecordedOnceWithKindTypeMessageAndStack() throws Exception {
        try (ChildJvm app = ChildJvm.start("", List.of(), APP, "--wait", "--stay")) {
            app.awaitLine("waiting", 60);
            MBeanServerConnection server = app.jmx();
            List<Notification> received = new CopyOnWriteArrayList<>();
            // The lost future is announced too (dev.threadscope.lost), whenever it is noticed: count the uncaught ones.
            NotificationListener listener = (n, handback) -> {
                if (n.getType().equals("dev.threadscope.uncaught")) {
                    received.add(n);
                }
            };
            server.addNotificationListener(UNCAUGHT, listener, null, null);
            app.send("go");
            app.awaitLine("ready", 60);

            assertEquals((long) UNCAUGHT_IN_APP, server.getAttribute(UNCAUGHT, "TotalCount"));
            Map<String, CompositeData> byThread = byThread(Jmx.list(server.getAttribute(UNCAUGHT, "Recent")));
            assertEquals(UNCAUGHT_IN_APP, byThread.size(), byThread.keySet().toString());
            CompositeData user = byThread.get("err-user");
            assertEquals("USER", user.get("threadKind"));
            assertEquals("java.lang.IllegalStateException", user.get("exceptionClass"));
            assertEquals("user boom", user.get("message"));
            assertTrue(((String) user.get("stackTrace")).contains("at dev.threadscope.testapp.ErrorsApp"),
                    (String) user.get("stackTrace"));
            CompositeData daemon = byThread.get("err-daemon");
            assertEquals("DAEMON", daemon.get("threadKind"));
            assertEquals("daemon boom", daemon.get("message"));
            for (String t : List.of("err-own", "err-grouped", "err-appdefault", "err-nodefault", "err-death",
                    "err-chained", "err-pool-copy")) {
                assertTrue(byThread.containsKey(t), t + " missing from " + byThread.keySet());
            }
            for (String t : List.of("err-shared-1", "err-shared-2")) { // the same throwable, two deaths
                assertEquals("shared boom", byThread.get(t).get("message"), t);
            }
            CompositeData nasty = byThread.get("err-nasty");
            assertEquals("dev.threadscope.testapp.ErrorsApp$Nasty", nasty.get("exceptionClass"));
            assertTrue(((String) nasty.get("message")).contains("getMessage() threw"), (String) nasty.get("message"));

            Map<String, Long> types = counts((TabularData) server.getAttribute(UNCAUGHT, "CountsByType"));
            assertEquals(2L, types.get("java.lang.IllegalStateException"), types.toString());
            assertEquals(1L, types.get("java.lang.NullPointerException"));
            assertEquals(3L, types.get("java.lang.IllegalArgumentException"), types.toString());
            assertEquals(UNCAUGHT_IN_APP, types.values().stream().mapToLong(Long::longValue).sum());

            String out = app.stdout();
            for (String line : List.of("own handler calls: 1", "group handler calls: 1", "app default handler calls: 1",
                    "nasty handler calls: 1", "chained handler calls: 1")) {
                assertTrue(out.contains(line), line + " missing:\n" + out);
            }

            long deadline = System.currentTimeMillis() + 10_000;
            while (received.size() < UNCAUGHT_IN_APP && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(200); // a duplicate would arrive now
            List<String> threads = new ArrayList<>();
            for (Notification n : received) {
                threads.add((String) ((CompositeData) n.getUserData()).get("threadName"));
            }
            assertEquals(UNCAUGHT_IN_APP, threads.size(), threads.toString());
            assertEquals(UNCAUGHT_IN_APP, threads.stream().distinct().count(), threads.toString());

            server.invoke(UNCAUGHT, "clear", new Object[0], new String[0]);
            assertEquals(0L, server.getAttribute(UNCAUGHT, "TotalCount"));
            assertEquals(0, ((Object[]) server.getAttribute(UNCAUGHT, "Recent")).length);
            assertEquals(0, ((TabularData) server.getAttribute(UNCAUGHT, "CountsByType")).size());
        }
    }

    @Test
    void lostFuturesAreReportedAndRetrievedOnesAreNot() throws Exception {
        try (ChildJvm app = ChildJvm.start("", List.of(), APP, "--stay")) {
            MBeanServerConnection server = app.awaitLine("ready", 60).jmx();
            List<CompositeData> lost = awaitLost(server, 1);
            assertEquals(1, lost.size());
            assertEquals("lost boom", lost.get(0).get("message"));
            assertEquals("err-pool", lost.get(0).get("threadName"));
            assertEquals("USER", lost.get(0).get("threadKind"));
            assertEquals(1L, server.getAttribute(UNCAUGHT, "LostCount"));
            assertEquals((long) UNCAUGHT_IN_APP, server.getAttribute(UNCAUGHT, "TotalCount"));
        }
    }

    @Test
    void futuresOffRecordsNoLostFutures() throws Exception {
        try (ChildJvm app = ChildJvm.start("futures=off", List.of(), APP, "--stay")) {
            MBeanServerConnection server = app.awaitLine("ready", 60).jmx();
            assertEquals(0, awaitLost(server, 1).size());
            assertEquals(0L, server.getAttribute(UNCAUGHT, "LostCount"));
        }
    }

    @Test
    void historyBoundsRecent() throws Exception {
        try (ChildJvm app = ChildJvm.start("history=3", List.of(), APP, "--stay")) {
            MBeanServerConnection server = app.awaitLine("ready", 60).jmx();
            List<CompositeData> recent = Jmx.list(server.getAttribute(UNCAUGHT, "Recent"));
            assertEquals(List.of("err-nasty", "err-death", "err-nodefault"),
                    recent.stream().map(r -> (String) r.get("threadName")).collect(java.util.stream.Collectors.toList()));
            assertEquals((long) UNCAUGHT_IN_APP, server.getAttribute(UNCAUGHT, "TotalCount"));
        }
    }

    @Test
    void theApplicationSeesNoDifference() throws Exception {
        String out;
        String err;
        try (ChildJvm plain = ChildJvm.start(null, List.of(), APP)) {
            assertEquals(0, plain.waitFor(60));
            out = plain.stdout();
            err = plain.stderr();
        }
        try (ChildJvm agent = ChildJvm.start("", List.of(), APP)) {
            assertEquals(0, agent.waitFor(60));
            assertEquals(out, agent.stdout());
            assertEquals(err, agent.stderr());
        }
        assertTrue(err.contains("Exception in thread \"err-nodefault\" java.lang.NullPointerException: no default boom"), err);
        assertFalse(err.contains("err-own") || err.contains("err-appdefault"), err);
        assertFalse(err.contains("err-chained"), err);
        assertTrue(err.contains("Exception in thread \"err-pool-copy\" java.lang.ArithmeticException: pool boom"), err);
    }

    /**
     * A listener hears of a lost future after the GC that collects it even when the application
     * has gone quiet (no failure, thread end or read of Lost that would poll otherwise).
     */
    @Test
    void aLostFutureIsAnnouncedAfterAGcInAQuietApplication() throws Exception {
        try (ChildJvm app = ChildJvm.sample("", "--stay").awaitLine("ready", 60)) {
            MBeanServerConnection server = app.jmx();
            List<Notification> lost = new CopyOnWriteArrayList<>();
            server.addNotificationListener(UNCAUGHT, (n, handback) -> {
                if (n.getType().equals("dev.threadscope.lost")) {
                    lost.add(n);
                }
            }, null, null);
            app.send("lose");
            app.awaitLine("lost one", 60);
            MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME,
                    MemoryMXBean.class);
            for (int i = 0; i < 100 && lost.isEmpty(); i++) {
                memory.gc();
                Thread.sleep(100);
            }
            assertEquals(1, lost.size(), "lost notifications");
            CompositeData row = (CompositeData) lost.get(0).getUserData();
            assertEquals("lost in a quiet application", row.get("message"));
            assertEquals("sample-pool", row.get("threadName"));
        }
    }

    private static List<CompositeData> awaitLost(MBeanServerConnection server, int expected) throws Exception {
        MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME,
                MemoryMXBean.class);
        List<CompositeData> lost = List.of();
        for (int i = 0; i < 40 && lost.size() < expected; i++) {
            memory.gc();
            Thread.sleep(50);
            lost = Jmx.list(server.getAttribute(UNCAUGHT, "Lost"));
        }
        return lost;
    }

    private static Map<String, CompositeData> byThread(List<CompositeData> rows) {
        Map<String, CompositeData> m = new HashMap<>();
        for (CompositeData r : rows) {
            assertFalse(m.containsKey((String) r.get("threadName")), "recorded twice: " + r.get("threadName"));
            m.put((String) r.get("threadName"), r);
        }
        return m;
    }

    private static Map<String, Long> counts(TabularData data) {
        Map<String, Long> m = new HashMap<>();
        for (Object o : data.values()) {
            CompositeData c = (CompositeData) o;
            m.put((String) c.get("key"), (Long) c.get("value"));
        }
        return m;
    }

    private static ObjectName name(String s) {
        try {
            return new ObjectName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
