package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.openmbean.CompositeData;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FFM upcalls (JDK 22+) from native threads: each native thread the upcall stub attaches is one
 * ALIEN thread, a daemon, seen from its first upcall to its end when the pthread exits (the VM
 * detaches it then). The app is compiled here with the JDK under test; on 17 the test skips.
 */
class FfmUpcallsTest {
    @TempDir
    Path dir;

    @Test
    void eachUpcallThreadIsOneAlienThatEnds() throws Exception {
        assumeTrue(ChildJvm.JAVA_VERSION >= 22, "FFM upcalls are final in JDK 22; this JDK is " + ChildJvm.JAVA_VERSION);
        Path source = dir.resolve("FfmApp.java");
        try (InputStream in = FfmUpcallsTest.class.getResourceAsStream("/ffm/FfmApp.java")) {
            Files.copy(in, source);
        }
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), source.toString()));
        int rounds = 3;
        int calls = 4;
        List<String> cmd = List.of(ChildJvm.JAVA, "-javaagent:" + ChildJvm.AGENT_JAR.toAbsolutePath(),
                "--enable-native-access=ALL-UNNAMED", "-cp", dir.toString(), "FfmApp",
                JnaCallbacksTest.FOREIGN.toAbsolutePath().toString(), Integer.toString(rounds), Integer.toString(calls));
        try (ChildJvm app = ChildJvm.exec(cmd, Map.of())) {
            Jmx jmx = new Jmx(app.awaitLine("ready", 60).jmx());
            Set<Long> ids = new LinkedHashSet<>();
            List<String> callbacks = new ArrayList<>();
            for (String line : app.stdout().lines().toList()) {
                if (line.startsWith("callback ")) {
                    callbacks.add(line);
                    ids.add(Long.parseLong(line.split(" ")[3]));
                    assertEquals("true", line.split(" ")[4], "the upcall stub attaches as a daemon: " + line);
                }
            }
            assertEquals(rounds * calls, callbacks.size(), app.stdout());
            assertEquals(rounds, ids.size(), "one attach per native thread, kept for all its upcalls: " + app.stdout());
            assertEquals((long) rounds, jmx.counts("StartedCounts").get("ALIEN"), app.stdout());
            assertEquals((long) rounds, jmx.counts("EndedCounts").get("ALIEN"), "each ended when its pthread exited");
            assertEquals(0L, jmx.counts("LiveCounts").get("ALIEN"));
            for (long id : ids) {
                CompositeData row = (CompositeData) jmx.invoke("thread", id, "long");
                assertEquals("ALIEN", row.get("kind"), row.toString());
                assertEquals(Boolean.TRUE, row.get("daemon"));
                assertEquals(Boolean.FALSE, row.get("alive"));
                assertEquals(-1L, row.get("creatorId"));
                assertTrue((Long) row.get("osThreadId") > 0, row.toString());
            }
            assertTrue(app.stderr().lines().noneMatch(l -> l.startsWith("[threadscope]")), app.stderr());
        }
    }
}
