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
 * FFM upcalls from native threads (libforeign's pthreads calling an upcall stub): every thread
 * the stub attaches is one ALIEN thread, seen until the VM detaches it. JDK 22+
 * (java.lang.foreign): attached as a daemon, once per native thread, detached when the pthread
 * exits. JDK 17 (jdk.incubator.foreign): attached as a non-daemon for each upcall and detached
 * after it. The apps are compiled here with the JDK under test (the test apps are built for 17).
 */
class FfmUpcallsTest {
    @TempDir
    Path dir;

    @Test
    void eachUpcallThreadIsOneAlienThatEnds() throws Exception {
        assumeTrue(ChildJvm.JAVA_VERSION >= 22, "FFM upcalls are final in JDK 22; this JDK is " + ChildJvm.JAVA_VERSION);
        upcalls("FfmApp", List.of(), 3, 4, true, 3);
    }

    @Test
    void eachIncubatorUpcallOnJdk17IsOneAlienThatEnds() throws Exception {
        assumeTrue(ChildJvm.JAVA_VERSION == 17, "jdk.incubator.foreign as JDK 17 has it; this JDK is " + ChildJvm.JAVA_VERSION);
        upcalls("Ffm17App", List.of("--add-modules", "jdk.incubator.foreign"), 3, 2, false, 6);
    }

    /**
     * Runs {@code app} (rounds native threads, calls upcalls each) and checks that the threads the
     * upcalls ran on, {@code threads} of them, are each one ALIEN row, ended, with a kernel id.
     */
    private void upcalls(String app, List<String> modules, int rounds, int calls, boolean daemon, int threads)
            throws Exception {
        Path source = dir.resolve(app + ".java");
        try (InputStream in = FfmUpcallsTest.class.getResourceAsStream("/ffm/" + app + ".java")) {
            Files.copy(in, source);
        }
        List<String> javac = new ArrayList<>(modules);
        javac.addAll(List.of("-d", dir.toString(), source.toString()));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, javac.toArray(new String[0])));
        List<String> cmd = new ArrayList<>(List.of(ChildJvm.JAVA, "-javaagent:" + ChildJvm.AGENT_JAR.toAbsolutePath()));
        cmd.addAll(modules);
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", dir.toString(), app,
                JnaCallbacksTest.FOREIGN.toAbsolutePath().toString(), Integer.toString(rounds), Integer.toString(calls)));
        try (ChildJvm child = ChildJvm.exec(cmd, Map.of())) {
            Jmx jmx = new Jmx(child.awaitLine("ready", 60).jmx());
            Set<Long> ids = new LinkedHashSet<>();
            int callbacks = 0;
            for (String line : child.stdout().lines().toList()) {
                if (line.startsWith("callback ")) {
                    callbacks++;
                    ids.add(Long.parseLong(line.split(" ")[3]));
                    assertEquals(Boolean.toString(daemon), line.split(" ")[4], "attached as daemon=" + daemon + ": " + line);
                }
            }
            assertEquals(rounds * calls, callbacks, child.stdout());
            assertEquals(threads, ids.size(), "threads the upcalls ran on: " + child.stdout());
            assertEquals((long) threads, jmx.counts("StartedCounts").get("ALIEN"), child.stdout());
            assertEquals((long) threads, jmx.counts("EndedCounts").get("ALIEN"), "each ended when the VM detached it");
            assertEquals(0L, jmx.counts("LiveCounts").get("ALIEN"));
            for (long id : ids) {
                CompositeData row = (CompositeData) jmx.invoke("thread", id, "long");
                assertEquals("ALIEN", row.get("kind"), row.toString());
                assertEquals(daemon, row.get("daemon"));
                assertEquals(Boolean.FALSE, row.get("alive"));
                assertEquals(-1L, row.get("creatorId"));
                assertTrue((Long) row.get("osThreadId") > 0, row.toString());
            }
            assertTrue(child.stderr().lines().noneMatch(l -> l.startsWith("[threadscope]")), child.stderr());
        }
    }
}
