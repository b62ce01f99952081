package dev.threadscope.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

/** Assertions about ended records, which the registry keeps as columns and rebuilds when read. */
final class Ended {
    private Ended() {
    }

    /** {@code actual} (read back from the history) says everything {@code expected} (the record as it ended) said. */
    static void assertSame(ThreadRecord expected, ThreadRecord actual) {
        assertEquals(expected.id(), actual.id());
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.kind(), actual.kind());
        assertEquals(expected.daemon(), actual.daemon());
        assertEquals(expected.groupName(), actual.groupName());
        assertEquals(expected.startMillis(), actual.startMillis());
        assertEquals(expected.endMillis(), actual.endMillis());
        assertEquals(expected.osThreadId(), actual.osThreadId());
        assertEquals(expected.creatorId(), actual.creatorId());
        assertEquals(expected.creatorName(), actual.creatorName());
        assertArrayEquals(expected.creationStack(), actual.creationStack());
        assertEquals(expected.seenAtLoad(), actual.seenAtLoad());
        assertEquals(expected.carrier(), actual.carrier());
        assertEquals(expected.running(), actual.running());
        assertEquals(expected.alive(), actual.alive());
        assertEquals("TERMINATED", actual.state());
        assertEquals(null, actual.thread());
    }

    /** The history holds exactly {@code expected}, newest first. */
    static void assertHistory(List<ThreadRecord> expected, List<ThreadRecord> actual) {
        assertEquals(expected.size(), actual.size(), () -> "history " + actual);
        for (int i = 0; i < expected.size(); i++) {
            assertSame(expected.get(i), actual.get(i));
        }
    }
}
