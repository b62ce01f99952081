package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.Test;

/** Virtual threads: counted exactly by default, tracked on request, carriers kept apart. */
class VirtualThreadsTest {
    static final String APP = "dev.threadscope.testapp.VirtualApp";
    static final ObjectName LOCALS = name("dev.threadscope:type=ThreadLocals");

    @Test
    void aHundredThousandVirtualThreadsAreCountedExactly() throws Exception {
        try (ChildJvm app = ChildJvm.start("", List.of(), APP).awaitLine("waiting", 60)) {
            Jmx jmx = new Jmx(app.jmx());
            Map<String, Long> startedBefore = jmx.counts("StartedCounts");
            Map<String, Long> endedBefore = jmx.counts("EndedCounts");
            Map<String, Long> liveBefore = jmx.counts("LiveCounts");
            app.send("go 100000");
            app.awaitLine("done 100000", 300);
            int expected = ChildJvm.JAVA_VERSION >= 21 ? 100_000 : 0;
            assertEquals(startedBefore.get("VIRTUAL") + expected, jmx.counts("StartedCounts").get("VIRTUAL"));
            assertEquals(endedBefore.get("VIRTUAL") + expected, jmx.counts("EndedCounts").get("VIRTUAL"));
            assertEquals(liveBefore.get("VIRTUAL"), jmx.counts("LiveCounts").get("VIRTUAL"));
            for (CompositeData row : jmx.rows("Threads")) {
                assertTrue(!"VIRTUAL".equals(row.get("kind")), "count mode lists no virtual rows: " + row);
                if (Boolean.TRUE.equals(row.get("carrier"))) {
                    assertEquals("DAEMON", row.get("kind"), "a carrier is a platform daemon: " + row);
                    assertEquals(Boolean.TRUE, row.get("daemon"));
                }
            }
            if (ChildJvm.JAVA_VERSION >= 21) {
                assertTrue(jmx.rows("Threads").stream().anyMatch(r -> Boolean.TRUE.equals(r.get("carrier"))),
                        "the carriers that ran them are listed");
                // One that stays: the CLI's table says why it has no row for it.
                app.send("park");
                app.awaitLine("parked", 60);
                CliTest.Result table = CliTest.cli(Long.toString(app.pid()), "threads", "--kind", "VIRTUAL");
                assertEquals(0, table.exit(), table.err());
                assertTrue(table.out().contains("VIRTUAL 1") && table.out().contains("virtual=track"), table.out());
            }
        }
    }

    @Test
    void trackedVirtualThreadsHaveRowsCreatorsAndThreadLocals() throws Exception {
        try (ChildJvm app = ChildJvm.start("virtual=track,values=show", List.of(), APP).awaitLine("waiting", 60)) {
            MBeanServerConnection server = app.jmx();
            Jmx jmx = new Jmx(server);
            app.send("park");
            app.awaitLine("parked", 60);
            if (ChildJvm.JAVA_VERSION < 21) {
                assertEquals(0L, jmx.counts("LiveCounts").get("VIRTUAL"));
                assertEquals("track", optionsValue(jmx, "virtual"));
                return;
            }
            CompositeData parked = jmx.live("parked-virtual");
            assertEquals("VIRTUAL", parked.get("kind"));
            assertEquals("main", parked.get("creatorName"));
            assertEquals(jmx.live("main").get("id"), parked.get("creatorId"));
            assertEquals(Boolean.TRUE, parked.get("daemon"));
            String[] stack = (String[]) jmx.invoke("creationStack", parked.get("id"), "long");
            assertTrue(stack.length > 0 && String.join("\n", stack).contains("VirtualApp"), String.join("\n", stack));
            List<CompositeData> locals = Jmx.list(server.invoke(LOCALS, "threadLocals", new Object[] {parked.get("id")},
                    new String[] {"long"}));
            assertTrue(locals.stream().anyMatch(r -> ((String) r.get("valueSummary")).contains("session-for-virtual")),
                    locals.toString());
            assertEquals(1L, jmx.counts("LiveCounts").get("VIRTUAL"));

            app.send("go 2000");
            app.awaitLine("done 2000", 120);
            assertEquals(1L, jmx.counts("LiveCounts").get("VIRTUAL"));
            assertEquals(2001L, jmx.counts("StartedCounts").get("VIRTUAL"));
            assertTrue(Jmx.list(jmx.attribute("RecentlyEnded")).stream().anyMatch(r -> "VIRTUAL".equals(r.get("kind"))));
        }
    }

    /**
     * Loaded into a running JVM (virtual=count): virtual threads that started before are not
     * counted, neither their start nor their end, so LiveCounts stays right. Their ends used to
     * be counted: 500 ended and 100 started, live 0 with 100 alive.
     */
    @Test
    void afterADynamicAttachOnlyVirtualThreadsStartedSinceAreCounted() throws Exception {
        try (ChildJvm app = ChildJvm.start(null, List.of("-XX:+EnableDynamicAgentLoading"), APP).awaitLine("waiting", 60)) {
            app.send("hold 500");
            app.awaitLine("holding 500", 60);
            CliTest.Result attach = CliTest.cli("attach", Long.toString(app.pid()));
            assertEquals(0, attach.exit(), attach.err());
            Jmx jmx = new Jmx(app.jmx());
            app.send("release");
            app.awaitLine("released " + (ChildJvm.JAVA_VERSION >= 21 ? 500 : 0), 60);
            app.send("hold 100");
            app.awaitLine("holding 100", 60);
            long expected = ChildJvm.JAVA_VERSION >= 21 ? 100 : 0;
            assertEquals(expected, jmx.counts("StartedCounts").get("VIRTUAL"));
            assertEquals(0L, jmx.counts("EndedCounts").get("VIRTUAL"), "the 500 that started before were not counted");
            assertEquals(expected, jmx.counts("LiveCounts").get("VIRTUAL"));
        }
    }

    /**
     * virtual=track once froze the virtual-thread scheduler: a tracked virtual thread's end was
     * recorded under the registry's locks on its carrier, and on JDK 24+ a virtual thread
     * blocked on such a lock waits for a free carrier, so every carrier waited for good. Virtual
     * threads starting virtual threads (some dying of uncaught exceptions) while a console reads
     * stalled within seconds in about half the runs; now the carrier only queues the end.
     */
    @Test
    void trackedVirtualThreadsStartingVirtualThreadsNeverStallTheScheduler() throws Exception {
        try (ChildJvm app = ChildJvm.start("virtual=track", List.of(), APP).awaitLine("waiting", 60)) {
            Jmx jmx = new Jmx(app.jmx());
            app.send("nest 10");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!app.stdout().contains("nested") && !app.stdout().contains("stalled") && System.nanoTime() < deadline) {
                jmx.counts("LiveCounts"); // a console reading meanwhile
                jmx.rows("Threads");
            }
            assertTrue(app.stdout().contains("nested"), app.stdout());
            if (ChildJvm.JAVA_VERSION < 21) {
                return;
            }
            long live = -1;
            for (int i = 0; i < 50 && live != 0; i++) { // the last tasks' ends may still be on their way
                live = jmx.counts("LiveCounts").get("VIRTUAL");
                Thread.sleep(100);
            }
            assertEquals(0L, live, "every virtual thread ended, and was recorded as ended");
            assertEquals(jmx.counts("StartedCounts").get("VIRTUAL"), jmx.counts("EndedCounts").get("VIRTUAL"));
        }
    }

    private static String optionsValue(Jmx jmx, String key) throws Exception {
        javax.management.openmbean.TabularData options = (javax.management.openmbean.TabularData) jmx.attribute("Options");
        return (String) options.get(new Object[] {key}).get("value");
    }

    private static ObjectName name(String s) {
        try {
            return new ObjectName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
