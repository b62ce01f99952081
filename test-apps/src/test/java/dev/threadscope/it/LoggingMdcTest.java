package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.Test;

/** Logging libraries' MDCs seen through the ThreadLocals MBean: who made the ThreadLocal, what it holds. */
class LoggingMdcTest {
    static final ObjectName LOCALS = ThreadLocalsTest.LOCALS;

    @Test
    void mdcEntriesAreNamedByTheirOriginAndShownOnlyWhenAsked() throws Exception {
        for (String values : List.of("type", "show")) {
            try (ChildJvm app = app(values)) {
                MBeanServerConnection server = app.awaitLine("ready", 60).jmx();
                Jmx jmx = new Jmx(server);
                List<CompositeData> rows = ThreadLocalsTest.locals(server, (Long) jmx.live("request-1").get("id"));
                CompositeData mdc = rows.stream().filter(r -> ((String) r.get("origin")).contains("MDC"))
                        .findFirst().orElseThrow(() -> new AssertionError("no MDC entry: " + rows));
                assertTrue(((String) mdc.get("origin")).startsWith("ch.qos.logback"), (String) mdc.get("origin"));
                String summary = (String) mdc.get("valueSummary");
                assertTrue(summary.contains("size=1"), summary);
                if (values.equals("show")) {
                    assertTrue(summary.contains("requestId=req-1"), summary);
                } else {
                    assertFalse(summary.contains("req-1"), summary);
                }
                List<CompositeData> holders = Jmx.list(server.invoke(LOCALS, "holdersOf",
                        new Object[] {mdc.get("threadLocalId")}, new String[] {String.class.getName()}));
                assertEquals(3, holders.size(), holders.toString());
            }
        }
    }

    /** Log4j 2's ThreadContext: the map (an Object[] since 2.24) and the stack, by origin; contents only with values=show. */
    @Test
    void log4jThreadContextIsNamedByItsOriginAndShownOnlyWhenAsked() throws Exception {
        for (String values : List.of("type", "show")) {
            try (ChildJvm app = app(values, "log4j", jar("log4j-api"), jar("log4j-core"))) {
                MBeanServerConnection server = app.awaitLine("ready", 60).jmx();
                List<CompositeData> rows = ThreadLocalsTest.locals(server,
                        (Long) new Jmx(server).live("request-1").get("id"));
                CompositeData map = origin(rows, "ThreadContextMap");
                CompositeData stack = origin(rows, "ThreadContextStack");
                String mapSummary = (String) map.get("valueSummary");
                String stackSummary = (String) stack.get("valueSummary");
                if (values.equals("show")) {
                    assertTrue(mapSummary.contains("requestId") && mapSummary.contains("req-1"), mapSummary);
                    assertTrue(stackSummary.contains("op-1"), stackSummary);
                } else {
                    assertFalse(mapSummary.contains("req-1") || mapSummary.contains("requestId"), mapSummary);
                    assertFalse(stackSummary.contains("op-1"), stackSummary);
                }
                List<CompositeData> holders = Jmx.list(server.invoke(LOCALS, "holdersOf",
                        new Object[] {map.get("threadLocalId")}, new String[] {String.class.getName()}));
                assertEquals(3, holders.size(), holders.toString());
            }
        }
    }

    private static CompositeData origin(List<CompositeData> rows, String part) {
        CompositeData row = rows.stream().filter(r -> ((String) r.get("origin")).contains(part)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + part + " entry: " + rows));
        assertTrue(((String) row.get("origin")).startsWith("org.apache.logging.log4j"), (String) row.get("origin"));
        return row;
    }

    private static ChildJvm app(String values) throws Exception {
        return app(values, "logback", jar("slf4j-api"), jar("logback-classic"), jar("logback-core"));
    }

    private static ChildJvm app(String values, String library, String... jars) throws Exception {
        String cp = ChildJvm.APP_CLASSES + File.pathSeparator + String.join(File.pathSeparator, jars);
        return ChildJvm.exec(List.of(ChildJvm.JAVA, "-javaagent:" + ChildJvm.AGENT_JAR.toAbsolutePath() + "=values="
                + values, "-cp", cp, "dev.threadscope.testapp.LoggingApp", library), Map.of());
    }

    private static String jar(String name) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(entry).getFileName().toString().startsWith(name + "-")) {
                return entry;
            }
        }
        throw new AssertionError(name + " is not on the test class path");
    }
}
