package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.Test;

/** JNA callbacks from a native thread: each attach is an ALIEN thread, seen from birth to end. */
class JnaCallbacksTest {
    static final Path FOREIGN = Path.of(System.getProperty("threadscope.harness.dir", "target/native-harness"),
            "libforeign.so");

    @Test
    void eachCallbackThreadIsAlienAndEnds() throws Exception {
        int calls = 5;
        String cp = ChildJvm.APP_CLASSES + File.pathSeparator + jar("jna");
        List<String> cmd = List.of(ChildJvm.JAVA, "-javaagent:" + ChildJvm.AGENT_JAR.toAbsolutePath(),
                "--enable-native-access=ALL-UNNAMED", "-cp", cp, "dev.threadscope.testapp.JnaApp",
                FOREIGN.toAbsolutePath().toString(), Integer.toString(calls));
        if (ChildJvm.JAVA_VERSION < 22) {
            cmd = new ArrayList<>(cmd);
            cmd.remove("--enable-native-access=ALL-UNNAMED"); // JDK 17 knows no such option without --enable-preview
        }
        try (ChildJvm app = ChildJvm.exec(cmd, Map.of())) {
            Jmx jmx = new Jmx(app.awaitLine("ready", 60).jmx());
            List<Long> ids = new ArrayList<>();
            for (String line : app.stdout().lines().toList()) {
                if (line.startsWith("callback ")) {
                    ids.add(Long.parseLong(line.split(" ")[3]));
                }
            }
            assertEquals(calls, ids.size(), app.stdout());
            assertEquals((long) ids.stream().distinct().count(), jmx.counts("EndedCounts").get("ALIEN"),
                    "one ALIEN thread per attach, each ended by its detach: " + app.stdout());
            assertEquals(0L, jmx.counts("LiveCounts").get("ALIEN"));
            for (long id : ids) {
                CompositeData row = (CompositeData) jmx.invoke("thread", id, "long");
                assertEquals("ALIEN", row.get("kind"), row.toString());
                assertEquals(Boolean.FALSE, row.get("alive"));
                assertEquals(-1L, row.get("creatorId"));
            }
            assertTrue(app.stderr().lines().noneMatch(l -> l.startsWith("[threadscope]")), app.stderr());
        }
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
