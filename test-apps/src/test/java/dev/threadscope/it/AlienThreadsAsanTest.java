package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent's JVMTI library (native/threadscope.c) and the harness, both built with
 * -fsanitize=address,undefined, run the attach and churn scenarios under the agent with
 * -Dthreadscope.native.path pointing at the sanitized library. The ASan runtime comes in
 * with the harness executable (no LD_PRELOAD); the options below let the JVM keep its own
 * SIGSEGV/SIGBUS/SIGFPE handling (docs/alien-threads.md). Fast enough for JDK 17 and 25.
 */
@Timeout(300)
class AlienThreadsAsanTest {
    static final String ASAN_OPTIONS =
            "handle_segv=0:handle_sigbus=0:handle_sigfpe=0:allow_user_segv_handler=1:detect_leaks=0";
    static final Map<String, String> ENV = Map.of("ASAN_OPTIONS", ASAN_OPTIONS, "UBSAN_OPTIONS", "print_stacktrace=1");
    static final Path SOURCES = Path.of(System.getProperty("threadscope.harness.src", "native-harness"));
    static final Path NATIVE = Path.of(System.getProperty("threadscope.native.src", "../native"));
    static final Path ASAN = Harness.DIR.resolve("asan");
    static final Path LIBRARY = ASAN.resolve("libthreadscope.so");

    @BeforeAll
    static void buildWithSanitizers() throws Exception {
        List<String> make = List.of("make", "-C", SOURCES.toAbsolutePath().toString(), "asan",
                "JDK=" + System.getProperty("java.home"), "OUT=" + Harness.DIR.toAbsolutePath(),
                "NATIVE=" + NATIVE.toAbsolutePath());
        Path log = Files.createTempFile("threadscope-asan-make", ".log");
        try {
            Process p = new ProcessBuilder(make).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("make asan did not finish in 180 s:\n" + Files.readString(log));
            }
            assertEquals(0, p.exitValue(), String.join(" ", make) + "\n" + Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
        String lib = Files.readString(LIBRARY, StandardCharsets.ISO_8859_1);
        assertTrue(lib.contains("__asan_") && lib.contains("__ubsan_"), LIBRARY + " is not instrumented");
    }

    /** Without this, a clean run could also mean that reports get lost. */
    @Test
    void aDeliberateOverflowIsReported() throws Exception {
        try (ChildJvm child = start(null, "asan-canary")) {
            assertNotEquals(0, child.waitFor(120));
            assertTrue(child.stderr().contains("ERROR: AddressSanitizer: heap-buffer-overflow"), child.stderr());
        }
    }

    @Test
    void attachRunsCleanUnderTheSanitizers() throws Exception {
        try (ChildJvm child = start("", "attach", "--threads", "6", "--stay").awaitLine("ready", 120)) {
            Jmx jmx = new Jmx(child.jmx());
            assertSanitizedLibraryInUse(child, jmx);
            assertEquals(6L, AlienThreadsTest.count(jmx, "LiveCounts", "ALIEN"));
            child.send("release");
            child.awaitLine("released", 120);
            assertEquals(6L, AlienThreadsTest.count(jmx, "EndedCounts", "ALIEN"));
            assertEquals(0L, AlienThreadsTest.count(jmx, "LiveCounts", "ALIEN"));
            quitClean(child);
        }
    }

    @Test
    void churnRunsCleanUnderTheSanitizers() throws Exception {
        try (ChildJvm child = start("history=100", "churn", "--threads", "4", "--cycles", "10000", "--stay")
                .awaitLine("ready", 240)) {
            Jmx jmx = new Jmx(child.jmx());
            assertSanitizedLibraryInUse(child, jmx);
            assertEquals("10000", Harness.line(child.stdout(), "churned").get("detaches"));
            assertEquals(10000L, AlienThreadsTest.count(jmx, "EndedCounts", "ALIEN"));
            assertEquals(0L, AlienThreadsTest.count(jmx, "LiveCounts", "ALIEN"));
            quitClean(child);
        }
    }

    private static ChildJvm start(String agentOptions, String scenario, String... args) throws Exception {
        List<String> jvm = agentOptions == null ? List.of() : List.of("-Dthreadscope.native.path=" + LIBRARY.toAbsolutePath());
        return ChildJvm.exec(Harness.command(ASAN.resolve("harness"), agentOptions, jvm, scenario, args), ENV);
    }

    /** Loaded, and the sanitized build rather than the bundled one (a failed load would fall back to pure Java). */
    private static void assertSanitizedLibraryInUse(ChildJvm child, Jmx jmx) throws Exception {
        assertEquals(Boolean.TRUE, jmx.attribute("NativeAgentLoaded"), child.stderr());
        String maps = Files.readString(Path.of("/proc", Long.toString(child.pid()), "maps"));
        assertTrue(maps.contains(LIBRARY.toAbsolutePath().normalize().toString()), "sanitized library not mapped");
    }

    private static void quitClean(ChildJvm child) throws Exception {
        child.send("quit");
        assertEquals(0, child.waitFor(120), child.stderr());
        String output = child.stdout() + child.stderr();
        assertFalse(output.contains("ERROR: AddressSanitizer"), output);
        assertFalse(output.contains("runtime error:"), output);
        assertTrue(child.stdout().contains("destroyed"), child.stdout());
    }
}
