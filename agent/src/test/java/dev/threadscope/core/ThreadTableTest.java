package dev.threadscope.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The table against an IdentityHashMap, through growth, shrinking and removals in random order. */
class ThreadTableTest {
    /** A thread whose id collides with every other's: only identity tells them apart. */
    static final class SameId extends Thread {
        @Override
        @SuppressWarnings("deprecation")
        public long getId() {
            return 42;
        }
    }

    private static ThreadRecord record(Thread t) {
        return new ThreadRecord(t, Kind.USER, -1, -1, null, false);
    }

    private static void assertSameContent(Map<Thread, ThreadRecord> expected, ThreadTable table) {
        assertEquals(expected.size(), table.size());
        for (Map.Entry<Thread, ThreadRecord> e : expected.entrySet()) {
            assertSame(e.getValue(), table.get(e.getKey()));
        }
        List<ThreadRecord> values = table.values();
        values.sort(Comparator.comparingInt(System::identityHashCode));
        List<ThreadRecord> want = new ArrayList<>(expected.values());
        want.sort(Comparator.comparingInt(System::identityHashCode));
        assertEquals(want, values);
    }

    @Test
    void agreesWithAnIdentityMapThroughRandomPutsAndRemovals() {
        Random random = new Random(7);
        for (boolean colliding : new boolean[] {false, true}) {
            ThreadTable table = new ThreadTable();
            Map<Thread, ThreadRecord> expected = new IdentityHashMap<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                threads.add(colliding && i % 3 == 0 ? new SameId() : new Thread());
            }
            for (int round = 0; round < 20_000; round++) {
                Thread t = threads.get(random.nextInt(threads.size()));
                switch (random.nextInt(4)) {
                    case 0:
                    case 1: {
                        ThreadRecord r = record(t);
                        ThreadRecord now = table.putIfAbsent(t, r);
                        expected.putIfAbsent(t, r);
                        assertSame(expected.get(t), now);
                        break;
                    }
                    case 2:
                        assertSame(expected.remove(t), table.remove(t));
                        break;
                    default:
                        assertSame(expected.get(t), table.get(t));
                        break;
                }
            }
            assertSameContent(expected, table);
            for (Thread t : threads) { // empty it: the stripes shrink back
                assertSame(expected.remove(t), table.remove(t));
            }
            assertEquals(0, table.size());
            assertNull(table.get(threads.get(0)));
        }
    }

    @Test
    void startingMarkIsKeptByRemoveUnlessStartingAndReplacedByTheRecord() {
        ThreadTable table = new ThreadTable();
        Thread t = new Thread();
        table.putIfAbsent(t, ThreadRecord.STARTING);
        assertSame(ThreadRecord.STARTING, table.removeUnlessStarting(t));
        assertSame(ThreadRecord.STARTING, table.get(t));
        ThreadRecord r = record(t);
        assertSame(r, table.putOverStarting(t, r));
        assertSame(r, table.putOverStarting(t, record(t)), "a record already in is kept");
        assertSame(r, table.removeUnlessStarting(t));
        assertNull(table.get(t));
    }
}
