package dev.threadscope.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

class EndedThreadsTest {
    private static ThreadRecord record(long id, String name, Kind kind, Object stack) {
        return new ThreadRecord(id, name, kind, id % 2 == 0, "group-" + id, 1000 + id, 2000 + id, 30_000 + id,
                id % 3 == 0 ? -1 : id - 1, "creator-" + id, stack, id % 5 == 0, id % 7 == 0);
    }

    private static String name(int id) {
        // short, exactly NAME_CHARS, longer, and not Latin-1
        switch (id % 4) {
            case 0: return "t-" + id;
            case 1: return String.format("%0" + EndedThreads.NAME_CHARS + "d", id);
            case 2: return "a rather long thread name, longer than the slot: " + id;
            default: return "n\u00e4me-\u03bb-\u4e2d-" + id;
        }
    }

    @Test
    void keepsTheNewestAcrossBlocksAndWrapsAround() {
        int capacity = 300; // not a multiple of the block size
        EndedThreads ended = new EndedThreads(capacity);
        List<ThreadRecord> added = new ArrayList<>();
        for (int id = 1; id <= 1000; id++) {
            Throwable stack = id % 2 == 0 ? new Throwable("start of " + id) : null;
            ThreadRecord r = record(id, name(id), Kind.of(id % Kind.count()), stack);
            ended.add(r);
            added.add(r);
        }
        List<ThreadRecord> newest = new ArrayList<>(added.subList(added.size() - capacity, added.size()));
        Collections.reverse(newest);
        Ended.assertHistory(newest, ended.newestFirst());
        Ended.assertSame(added.get(999), ended.find(1000));
        Ended.assertSame(added.get(700), ended.find(701));
        assertNull(ended.find(700), "dropped: oldest first");
    }

    @Test
    void findGivesTheNewestEntryOfAnId() {
        EndedThreads ended = new EndedThreads(10);
        ended.add(record(4, "first life", Kind.USER, null));
        ended.add(record(4, "second life", Kind.ALIEN, null));
        assertEquals("second life", ended.find(4).name());
        assertEquals(Kind.ALIEN, ended.find(4).kind());
    }

    @Test
    void zeroCapacityKeepsNothing() {
        EndedThreads ended = new EndedThreads(0);
        ended.add(record(1, "gone", Kind.USER, null));
        assertEquals(List.of(), ended.newestFirst());
        assertNull(ended.find(1));
    }

    @Test
    void aSharedStackIsKeptAsShared() {
        SharedStacks shared = new SharedStacks();
        Throwable t = new Throwable();
        ThreadRecord r = record(9, "shared", Kind.DAEMON, t);
        r.shareStack(shared);
        EndedThreads ended = new EndedThreads(4);
        ended.add(r);
        Ended.assertSame(r, ended.find(9));
        assertEquals(SharedStacks.resolve(t).length, ended.find(9).creationStack().length);
    }
}
