package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.api.Test;

/** With a JFR recording running, threadscope's own events are in it, as JMC's event browser shows them. */
class JfrEventsTest {

    @Test
    void theRecordingHoldsThreadscopesEvents() throws Exception {
        Path dir = Files.createTempDirectory("threadscope-jfr");
        Path file = dir.resolve("rec.jfr");
        try (ChildJvm app = ChildJvm.start("", List.of("-XX:StartFlightRecording=filename=" + file),
                "dev.threadscope.testapp.SampleApp")) {
            assertEquals(0, app.waitFor(120), app.stderr());
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        RecordedEvent userStart = find(events, "dev.threadscope.ThreadStart", "sample-user");
        assertEquals("USER", userStart.getString("kind"));
        assertEquals("main", userStart.getString("creatorName"));
        assertEquals(false, userStart.getBoolean("daemon"));
        RecordedEvent daemonStart = find(events, "dev.threadscope.ThreadStart", "sample-daemon");
        assertEquals("DAEMON", daemonStart.getString("kind"));
        RecordedEvent spawned = find(events, "dev.threadscope.ThreadStart", "sample-child");
        assertEquals("sample-spawner", spawned.getString("creatorName"));
        RecordedEvent end = find(events, "dev.threadscope.ThreadEnd", "sample-short");
        assertEquals("USER", end.getString("kind"));
        RecordedEvent uncaught = find(events, "dev.threadscope.UncaughtException", "sample-thrower");
        assertEquals("java.lang.IllegalStateException", uncaught.getString("exceptionClass"));
        assertEquals("sample failure", uncaught.getString("message"));
        assertEquals("USER", uncaught.getString("kind"));
        RecordedEvent destroy = find(events, "dev.threadscope.ThreadStart", "DestroyJavaVM");
        assertEquals("SYSTEM", destroy.getString("kind"), "the JVM's own attach at the end, not an alien");
        assertEquals(List.of(), events.stream().filter(e -> e.getEventType().getName().startsWith("dev.threadscope.Thread")
                && "ALIEN".equals(e.getString("kind"))).map(e -> e.getString("threadName")).toList(),
                "no native code here, so no ALIEN thread");
        assertTrue(userStart.getEventType().getCategoryNames().contains("threadscope"));
        assertTrue(userStart.getEventType().getLabel().contains("threadscope"));
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    /**
     * Virtual threads have the JDK's own jdk.VirtualThreadStart/End; threadscope emits none for
     * them, even tracked (its end events for them used to be committed on the carrier, after
     * the virtual thread had unmounted, and were mostly lost: 1 end for 400 starts).
     */
    @Test
    void trackedVirtualThreadsAddNoEventsOfThreadscopes() throws Exception {
        Path dir = Files.createTempDirectory("threadscope-jfr");
        Path file = dir.resolve("rec.jfr");
        try (ChildJvm app = ChildJvm.start("virtual=track", List.of("-XX:StartFlightRecording=filename=" + file),
                VirtualThreadsTest.APP).awaitLine("waiting", 60)) {
            app.send("go 400");
            app.awaitLine("done 400", 60);
            app.send("quit");
            assertEquals(0, app.waitFor(120), app.stderr());
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertEquals(List.of(), events.stream().filter(e -> e.getEventType().getName().startsWith("dev.threadscope.Thread")
                && "VIRTUAL".equals(e.getString("kind"))).map(e -> e.getEventType().getName()).toList());
        assertEquals("SYSTEM", find(events, "dev.threadscope.ThreadStart", "DestroyJavaVM").getString("kind"),
                "platform threads' events are still there");
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    private static RecordedEvent find(List<RecordedEvent> events, String type, String threadName) {
        return events.stream()
                .filter(e -> e.getEventType().getName().equals(type) && threadName.equals(e.getString("threadName")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " for " + threadName + " among "
                        + events.stream().filter(e -> e.getEventType().getName().startsWith("dev.threadscope"))
                        .map(e -> e.getEventType().getName() + ":" + e.getString("threadName")).toList()));
    }
}
