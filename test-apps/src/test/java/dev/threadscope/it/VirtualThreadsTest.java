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
