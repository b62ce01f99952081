package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Thread.start()'s call to start0() goes through threadscope's bridge: when start0() throws,
 * the application must see exactly what it sees without the agent, and nothing is recorded.
 */
class FailedStartTest {
    private static final String APP = "dev.threadscope.testapp.FailedStartApp";

    @Test
    void aStartThatFailsInStart0IsRethrownAsItIsAndLeavesNoRecord() throws Exception {
        String without;
        String withoutErr;
        try (ChildJvm plain = ChildJvm.start(null, List.of(), APP)) {
            assertEquals(0, plain.waitFor(60), plain.stderr());
            without = plain.stdout();
            withoutErr = plain.stderr();
        }
        assertTrue(without.contains("caught java.lang.OutOfMemoryError: unable to create native thread"), without);
        try (ChildJvm app = ChildJvm.start("", List.of(), APP, "--stay").awaitLine("ready", 60)) {
            // the JVM's own warnings (on stdout, stamped with uptimes) and the app's lines, nothing of ours
            assertEquals(withoutTimes(without + "ready\n"), withoutTimes(app.stdout()));
            assertEquals(withoutTimes(withoutErr), withoutTimes(app.stderr()));
            Jmx jmx = new Jmx(app.jmx());
            List<String> live = Jmx.names(jmx.rows("Threads")); // "name:KIND"
            assertTrue(live.contains("after-failure:DAEMON"), live.toString());
            assertFalse(live.stream().anyMatch(n -> n.startsWith("too-big")), live.toString());
            List<String> ended = Jmx.names(jmx.rows("RecentlyEnded"));
            assertFalse(ended.stream().anyMatch(n -> n.startsWith("too-big")), ended.toString());
            assertEquals("", jmx.imbalance(), "started = ended + live");
            Map<String, Long> started = jmx.counts("StartedCounts");
            // "too-big" is the application's only non-daemon thread besides main: counted, it would show here
            assertEquals(0L, (long) started.get("USER"), started.toString());
        }
    }

    /** The JVM prefixes its warnings with uptimes, which differ between runs. */
    private static String withoutTimes(String stderr) {
        return stderr.lines().map(l -> l.replaceFirst("^\\[[0-9.]+s\\]", "")).collect(Collectors.joining("\n"));
    }
}
