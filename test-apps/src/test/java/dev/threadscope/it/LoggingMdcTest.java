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

/** A logging library's MDC seen through the ThreadLocals MBean: who made the ThreadLocal, what it holds. */
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

    private static ChildJvm app(String values) throws Exception {
        String cp = String.join(File.pathSeparator, ChildJvm.APP_CLASSES, jar("slf4j-api"), jar("logback-classic"),
                jar("logback-core"));
        return ChildJvm.exec(List.of(ChildJvm.JAVA, "-javaagent:" + ChildJvm.AGENT_JAR.toAbsolutePath() + "=values="
                + values, "-cp", cp, "dev.threadscope.testapp.LoggingApp"), Map.of());
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
