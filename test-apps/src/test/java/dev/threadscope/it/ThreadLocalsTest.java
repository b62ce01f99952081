package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.Test;

/** The ThreadLocals MBean over LocalsApp, as a console would read it. */
class ThreadLocalsTest {
    static final ObjectName LOCALS = name("dev.threadscope:type=ThreadLocals");
    static final String APP = "dev.threadscope.testapp.LocalsApp";

    @Test
    void withInitialSubclassAndInheritedLocalsHaveClassOriginAndValueType() throws Exception {
        try (ChildJvm app = ChildJvm.start("", List.of(), APP)) {
            MBeanServerConnection server = app.awaitLine("ready", 60).jmx();
            Jmx jmx = new Jmx(server);
            List<CompositeData> main = locals(server, (Long) jmx.live("main").get("id"));
            CompositeData initial = byValueClass(main, "java.lang.String", "java.lang.ThreadLocal$SuppliedThreadLocal");
            assertEquals("dev.threadscope.testapp.LocalsApp.<clinit>", initial.get("origin"));
            assertEquals(Boolean.FALSE, initial.get("inheritable"));
            CompositeData counter = byValueClass(main, "java.lang.Integer", "dev.threadscope.testapp.LocalsApp$CountingLocal");
            assertEquals("dev.threadscope.testapp.LocalsApp.<clinit>", counter.get("origin"));
            CompositeData tenant = byValueClass(main, "java.lang.String", "java.lang.InheritableThreadLocal");
            assertEquals(Boolean.TRUE, tenant.get("inheritable"));

            List<CompositeData> child = locals(server, (Long) jmx.live("locals-child").get("id"));
            CompositeData inherited = byValueClass(child, "java.lang.String", "java.lang.InheritableThreadLocal");
            assertEquals(tenant.get("threadLocalId"), inherited.get("threadLocalId"));
            assertEquals(Boolean.TRUE, inherited.get("inheritable"));
            assertEquals("dev.threadscope.testapp.LocalsApp.<clinit>", inherited.get("origin"));
            for (CompositeData row : main) {
                assertFalse(((String) row.get("valueSummary")).contains("acme"), "values=type shows no value");
            }
        }
    }

    @Test
    void holdersOfListsEveryThreadsValue() throws Exception {
        try (ChildJvm app = ChildJvm.start("values=show", List.of(), APP)) {
            MBeanServerConnection server = app.awaitLine("ready", 60).jmx();
            Jmx jmx = new Jmx(server);
            List<CompositeData> own = locals(server, (Long) jmx.live("holder-0").get("id"));
            String id = own.stream().filter(r -> ((String) r.get("valueSummary")).endsWith(": req-0"))
                    .map(r -> (String) r.get("threadLocalId")).findFirst()
                    .orElseThrow(() -> new AssertionError("holder-0 has no req-0 value: " + own));
            List<CompositeData> holders = Jmx.list(server.invoke(LOCALS, "holdersOf", new Object[] {id},
                    new String[] {String.class.getName()}));
            assertEquals(10, holders.size(), holders.toString());
            for (CompositeData h : holders) {
                String thread = (String) h.get("threadName");
                assertTrue(thread.startsWith("holder-"), thread);
                assertTrue(((String) h.get("valueSummary")).endsWith(": req-" + thread.substring(7)),
                        (String) h.get("valueSummary"));
                assertEquals(id, h.get("threadLocalId"));
            }
            assertTrue(summary(server).stream().anyMatch(s -> s.get("threadLocalId").equals(id)
                    && (Long) s.get("holders") == 10L));
        }
    }

    @Test
    void aCollectedThreadLocalWithAValueIsStale() throws Exception {
        try (ChildJvm app = ChildJvm.start("", List.of(), APP)) {
            MBeanServerConnection server = app.awaitLine("ready", 60).jmx();
            Jmx jmx = new Jmx(server);
            List<CompositeData> rows = locals(server, (Long) jmx.live("stale-holder").get("id"));
            CompositeData stale = rows.stream().filter(r -> "[B".equals(r.get("valueClass"))).findFirst()
                    .orElseThrow(() -> new AssertionError(rows.toString()));
            assertEquals(Boolean.TRUE, stale.get("stale"));
            assertTrue(((String) stale.get("valueSummary")).contains("length=1234"), (String) stale.get("valueSummary"));
            assertTrue(summary(server).stream().anyMatch(s -> s.get("threadLocalId").equals(stale.get("threadLocalId"))
                    && (Long) s.get("stale") >= 1L));
        }
    }

    @Test
    void secretsNeverLeaveWithValuesTypeAndDoWithShow() throws Exception {
        try (ChildJvm app = ChildJvm.start("", List.of(), APP)) {
            MBeanServerConnection server = app.awaitLine("ready", 60).jmx();
            Jmx jmx = new Jmx(server);
            StringBuilder everything = new StringBuilder();
            for (CompositeData t : jmx.rows("Threads")) {
                try {
                    everything.append(locals(server, (Long) t.get("id")));
                } catch (RuntimeMBeanException ended) {
                    // a thread that ended since the list was read
                }
            }
            for (CompositeData s : summary(server)) {
                everything.append(s);
                everything.append(Jmx.list(server.invoke(LOCALS, "holdersOf", new Object[] {s.get("threadLocalId")},
                        new String[] {String.class.getName()})));
            }
            assertTrue(everything.length() > 1000);
            assertFalse(everything.toString().contains("s3cr3t-token"));
            assertTrue(everything.toString().contains("java.lang.String"), "types are shown");
        }
        try (ChildJvm app = ChildJvm.start("values=show", List.of(), APP)) {
            MBeanServerConnection server = app.awaitLine("ready", 60).jmx();
            Jmx jmx = new Jmx(server);
            String shown = locals(server, (Long) jmx.live("secret-holder").get("id")).toString();
            assertTrue(shown.contains("s3cr3t-token"), shown);
        }
    }

    @Test
    void toStringThatThrowsOrHangsGivesAMarkerInBoundedTime() throws Exception {
        try (ChildJvm app = ChildJvm.start("values=show", List.of(), APP)) {
            MBeanServerConnection server = app.awaitLine("ready", 60).jmx();
            Jmx jmx = new Jmx(server);
            long id = (Long) jmx.live("bad-values").get("id");
            for (int round = 0; round < 3; round++) {
                long start = System.nanoTime();
                List<String> summaries = locals(server, id).stream().map(r -> (String) r.get("valueSummary"))
                        .collect(Collectors.toList());
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 5_000, "took " + millis + " ms");
                assertTrue(summaries.stream().anyMatch(s -> s.contains("<toString() threw java.lang.IllegalStateException>")),
                        summaries.toString());
                // The first read waits for the hanging toString() and gives up; the next ones
                // know it is still stuck and do not start another.
                String marker = round == 0 ? "toString() did not return" : "an earlier toString() of this class has not returned";
                assertTrue(summaries.stream().anyMatch(s -> s.contains(marker)), summaries.toString());
            }
            assertEquals("MAIN", jmx.live("main").get("kind")); // the application and the MBeans go on
            assertFalse(app.stderr().contains("Exception"), app.stderr());
        }
    }

    @Test
    void readingChurningThreadsRaisesNothingAnywhere() throws Exception {
        try (ChildJvm app = ChildJvm.start("values=show", List.of(), APP)) {
            MBeanServerConnection server = app.awaitLine("ready", 60).jmx();
            Jmx jmx = new Jmx(server);
            List<Long> churners = new ArrayList<>();
            for (CompositeData t : jmx.rows("Threads")) {
                if (((String) t.get("name")).startsWith("churn-")) {
                    churners.add((Long) t.get("id"));
                }
            }
            assertEquals(50, churners.size());
            int reads = 0;
            while (reads < 1000) {
                for (long id : churners) {
                    locals(server, id);
                    reads++;
                }
            }
            assertTrue(summary(server).size() > 5);
            assertFalse(app.stderr().contains("Exception"), app.stderr());
            assertTrue(ProcessHandle.of(app.pid()).map(ProcessHandle::isAlive).orElse(false));
        }
    }

    @Test
    void unknownIdsAreClearErrors() throws Exception {
        try (ChildJvm app = ChildJvm.start("", List.of(), APP)) {
            MBeanServerConnection server = app.awaitLine("ready", 60).jmx();
            RuntimeMBeanException noThread = assertThrows(RuntimeMBeanException.class,
                    () -> server.invoke(LOCALS, "threadLocals", new Object[] {987654L}, new String[] {"long"}));
            assertInstanceOf(IllegalArgumentException.class, noThread.getCause());
            assertTrue(noThread.getCause().getMessage().contains("987654"), noThread.getCause().getMessage());
            // Under virtual=count (the default) a live virtual thread has no record: the message says so.
            assertEquals(ChildJvm.JAVA_VERSION >= 21, noThread.getCause().getMessage().contains("virtual=track"),
                    noThread.getCause().getMessage());
            RuntimeMBeanException noLocal = assertThrows(RuntimeMBeanException.class,
                    () -> server.invoke(LOCALS, "holdersOf", new Object[] {"nosuch"}, new String[] {String.class.getName()}));
            assertInstanceOf(IllegalArgumentException.class, noLocal.getCause());
            assertTrue(noLocal.getCause().getMessage().contains("nosuch"), noLocal.getCause().getMessage());
        }
    }

    static List<CompositeData> locals(MBeanServerConnection server, long threadId) throws Exception {
        return Jmx.list(server.invoke(LOCALS, "threadLocals", new Object[] {threadId}, new String[] {"long"}));
    }

    static List<CompositeData> summary(MBeanServerConnection server) throws Exception {
        return Jmx.list(server.invoke(LOCALS, "summary", new Object[0], new String[0]));
    }

    static CompositeData byValueClass(List<CompositeData> rows, String valueClass, String localClass) {
        return rows.stream().filter(r -> valueClass.equals(r.get("valueClass")) && localClass.equals(r.get("threadLocalClass")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + localClass + " holding " + valueClass + " in "
                        + rows.stream().map(r -> r.get("threadLocalClass") + "=" + r.get("valueClass"))
                        .collect(Collectors.toList())));
    }

    private static ObjectName name(String s) {
        try {
            return new ObjectName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
