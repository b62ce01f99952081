package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.Test;

/** Options change behaviour as documented, and bad ones never stop the application. */
class AgentOptionsTest {

    @Test
    void badOptionsLeaveTheAppRunningAndSayWhy() throws Exception {
        Map<String, List<String>> cases = Map.of(
                "bogus=1", List.of("unknown option 'bogus'", "'1'"),
                "stacks=maybe", List.of("stacks='maybe'", "on, off"),
                "garbage", List.of("'garbage'", "key=value"),
                "history=-3", List.of("history='-3'", "integer"),
                "log=loud,native=perhaps", List.of("log='loud'", "native='perhaps'"));
        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            try (ChildJvm app = ChildJvm.sample(c.getKey())) {
                assertEquals(0, app.waitFor(60), "exit code with " + c.getKey());
                String err = app.stderr();
                for (String expected : c.getValue()) {
                    assertTrue(err.contains(expected), c.getKey() + ": stderr lacks " + expected + ":\n" + err);
                }
                assertTrue(err.lines().filter(l -> l.startsWith("[threadscope]")).allMatch(l -> l.length() < 300), err);
                assertTrue(app.stdout().contains("sample app: done"), app.stdout());
            }
        }
    }

    @Test
    void stdoutAndStderrAreUntouched() throws Exception {
        String out;
        String err;
        try (ChildJvm plain = ChildJvm.sample(null)) {
            assertEquals(0, plain.waitFor(60));
            out = plain.stdout();
            err = plain.stderr();
        }
        try (ChildJvm agent = ChildJvm.sample("")) {
            assertEquals(0, agent.waitFor(60));
            assertEquals(out, agent.stdout());
            // The sample's own uncaught exception is on stderr in both runs; nothing else may be.
            assertEquals(err, agent.stderr());
            assertTrue(err.contains("sample failure"), err);
        }
    }

    @Test
    void historyKeepsOnlyTheLastEndedThreads() throws Exception {
        try (ChildJvm app = ChildJvm.start("history=5", List.of(), "dev.threadscope.testapp.ShortThreads", "20")) {
            Jmx jmx = new Jmx(app.awaitLine("ready", 60).jmx());
            List<CompositeData> ended = jmx.rows("RecentlyEnded");
            assertEquals(List.of("short-19:USER", "short-18:USER", "short-17:USER", "short-16:USER", "short-15:USER"),
                    Jmx.names(ended));
            assertTrue(jmx.counts("EndedCounts").get("USER") >= 20);
        }
    }

    @Test
    void stacksOffRecordsCreatorsWithoutStacks() throws Exception {
        try (ChildJvm app = ChildJvm.sample("stacks=off", "--stay")) {
            Jmx jmx = new Jmx(app.awaitLine("ready", 60).jmx());
            CompositeData user = jmx.live("sample-user");
            assertEquals("main", user.get("creatorName"));
            assertEquals(0, ((String[]) jmx.invoke("creationStack", user.get("id"), "long")).length);
            assertEquals("USER", user.get("kind"));
        }
    }

    @Test
    void pureJavaFallbackStillClassifies() throws Exception {
        try (ChildJvm app = ChildJvm.sample("native=off", "--stay")) {
            Jmx jmx = new Jmx(app.awaitLine("ready", 60).jmx());
            assertEquals(Boolean.FALSE, jmx.attribute("NativeAgentLoaded"));
            long deadline = System.currentTimeMillis() + 10_000;
            while (Jmx.names(jmx.rows("Threads")).stream().noneMatch(n -> n.startsWith("sample-daemon:"))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100); // the scanner runs once a second
            }
            assertEquals("MAIN", jmx.live("main").get("kind"));
            assertEquals("USER", jmx.live("sample-user").get("kind"));
            assertEquals("DAEMON", jmx.live("sample-daemon").get("kind"));
            assertEquals("SYSTEM", jmx.live("Reference Handler").get("kind"));
            assertEquals("main", jmx.live("sample-user").get("creatorName"));
            assertEquals("USER", Jmx.find(jmx.rows("RecentlyEnded"), "sample-short").get("kind"));
            String err = app.stderr();
            assertEquals(1, err.lines().filter(l -> l.contains("pure-Java fallback")).count(), err);
        }
    }
}
