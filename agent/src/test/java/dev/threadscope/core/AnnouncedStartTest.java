package dev.threadscope.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

/**
 * The fast path: a thread that Thread.start() announced is counted there and then, runs no
 * code of ours when it starts, and is ended by Thread.exit(). The JVMTI library's part is
 * played by {@link Library}, which behaves as the C side does (a set of announced ids, a
 * kernel id per started thread).
 */
class AnnouncedStartTest {

    /** The native side as the registry sees it: announced ids, stored kernel ids. */
    static final class Library implements ThreadEvents {
        final List<Long> announced = new CopyOnWriteArrayList<>();
        final List<Long> withdrawn = new CopyOnWriteArrayList<>();
        final List<Long> ended = new CopyOnWriteArrayList<>();
        boolean full;
        volatile boolean startEvents = true;

        @Override
        public boolean startEvents() {
            return startEvents;
        }

        @Override
        public void enableStartEvents() {
            startEvents = true;
        }

        @Override
        public long kernelIdLocked(Thread thread) {
            synchronized (thread) {
                return 300_000 + thread.getId();
            }
        }

        @Override
        public boolean announce(long id) {
            if (full) {
                return false;
            }
            announced.add(id);
            return true;
        }

        @Override
        public void withdraw(long id) {
            withdrawn.add(id);
        }

        @Override
        public long storedOsThreadId(Thread thread) {
            return 100_000 + thread.getId();
        }

        @Override
        public long endOsThreadId(long id) {
            ended.add(id);
            return 200_000 + id;
        }
    }

    @Test
    void announcedThreadIsCountedAtStartAndEndedByExit() throws Exception {
        Registry registry = new Registry(10, true);
        registry.setMain(Thread.currentThread(), -1);
        Library lib = new Library();
        registry.setEvents(lib);
        CountDownLatch release = new CountDownLatch(1);
        Thread t = new Thread(() -> await(release), "announced");
        PatchedStart.start(registry, t);
        assertEquals(List.of(t.getId()), lib.announced);
        assertEquals(1, registry.counts().started(Kind.USER.ordinal()), "counted at start(), no event needed");
        ThreadRecord r = registry.find(t.getId());
        assertNotNull(r);
        assertEquals(100_000 + t.getId(), r.osThreadId(), "kernel id read from the library when asked");
        assertTrue(registry.live().contains(r));
        release.countDown();
        registry.threadExiting(t); // what the Thread.exit() hook does, on the ending thread
        t.join();
        assertFalse(r.alive());
        assertEquals(1, registry.counts().ended(Kind.USER.ordinal()));
        Ended.assertHistory(List.of(r), registry.recentlyEnded());
    }

    @Test
    void exitFillsTheKernelIdNobodyAskedFor() throws Exception {
        Registry registry = new Registry(10, false);
        Library lib = new Library();
        registry.setEvents(lib);
        Thread[] self = new Thread[1];
        Thread t = new Thread(() -> registry.threadExiting(self[0]), "short");
        self[0] = t;
        PatchedStart.start(registry, t);
        t.join();
        ThreadRecord r = registry.find(t.getId());
        assertEquals(200_000 + t.getId(), r.osThreadId());
        assertFalse(r.alive());
        Thread unknown = new Thread(() -> { });
        registry.threadExiting(unknown); // no record: the library must still forget its kernel id
        assertEquals(List.of(t.getId(), unknown.getId()), lib.ended);
    }

    @Test
    void failedStartIsWithdrawnAndUncounted() {
        Registry registry = new Registry(10, true);
        Library lib = new Library();
        registry.setEvents(lib);
        Thread t = new Thread(() -> { });
        boolean announced = registry.prepareStart(t);
        registry.threadStartFailed(t, announced); // start0() threw (no memory for a stack)
        assertTrue(announced);
        assertEquals(List.of(t.getId()), lib.withdrawn);
        assertEquals(0, registry.counts().started(Kind.USER.ordinal()));
        assertNull(registry.find(t.getId()));
    }

    @Test
    void aThreadThatEndsBeforeItsCreatorLeavesStartIsRecordedAndEndedOnce() throws Exception {
        Registry registry = new Registry(10, true);
        Library lib = new Library();
        registry.setEvents(lib);
        Thread[] self = new Thread[1];
        CountDownLatch exited = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            registry.threadExiting(self[0]); // the Thread.exit() hook, while the creator is still in start()
            exited.countDown();
        }, "quick");
        self[0] = t;
        PatchedStart.start(registry, t, 100);
        exited.await();
        t.join();
        assertEquals(1, registry.counts().started(Kind.USER.ordinal()));
        assertEquals(1, registry.counts().ended(Kind.USER.ordinal()));
        assertEquals(0, registry.counts().live(Kind.USER.ordinal()));
        ThreadRecord r = registry.find(t.getId());
        assertFalse(r.alive());
        assertEquals(Thread.currentThread().getId(), r.creatorId(), "the creator's record, not a guess");
        assertEquals(200_000 + t.getId(), r.osThreadId());
    }

    @Test
    void aListenerGetsTheStartOnTheNewThreadNotAnAnnouncement() throws Exception {
        Registry registry = new Registry(10, false);
        Library lib = new Library();
        registry.setEvents(lib);
        List<String> heard = new ArrayList<>();
        registry.setListener(new RegistryListener() {
            @Override
            public void started(ThreadRecord record) {
                heard.add("start " + record.name() + " on " + Thread.currentThread().getName());
            }

            @Override
            public void ended(ThreadRecord record) {
                heard.add("end " + record.name());
            }
        });
        Thread t = new Thread(() -> {
            registry.threadStarted(Thread.currentThread(), 42); // the JVMTI start event's upcall
            registry.threadExiting(Thread.currentThread());
        }, "listened");
        PatchedStart.start(registry, t, 50); // its start event waits for the record
        assertTrue(lib.announced.isEmpty(), "a start someone listens for is not announced");
        t.join();
        assertEquals(List.of("start listened on listened", "end listened"), heard);
        ThreadRecord r = registry.find(t.getId());
        assertEquals(42, r.osThreadId());
        // the start event waited for the creator's record instead of making one of its own
        assertEquals(Kind.USER, r.kind());
        assertEquals(Thread.currentThread().getId(), r.creatorId());
    }

    @Test
    void aStartNobodyPreparedNeverWaitsOnTheThreadsMonitor() throws Exception {
        // Thread.start() not hooked (another agent retransformed Thread): the start event finds no
        // mark and must not wait for a creator that may hold the monitor for as long as it likes.
        Registry registry = new Registry(10, false);
        Library lib = new Library();
        registry.setEvents(lib);
        CountDownLatch ran = new CountDownLatch(1);
        Thread[] self = new Thread[1];
        Thread t = new Thread(() -> {
            registry.threadStarted(self[0], 9); // the JVMTI start event's upcall
            ran.countDown();
        }, "unprepared");
        self[0] = t;
        synchronized (t) {
            t.start();
            assertTrue(ran.await(10, java.util.concurrent.TimeUnit.SECONDS), "the new thread waited on our monitor");
        }
        t.join();
        assertEquals(Kind.ALIEN, registry.find(t.getId()).kind(), "no Thread.start() seen: as if attached");
    }

    @Test
    void aFullTableMeansTheStartEventConfirms() throws Exception {
        Registry registry = new Registry(10, false);
        Library lib = new Library();
        lib.full = true;
        registry.setEvents(lib);
        // A read adopts the threads this JVM already runs (the test runner's): counted from here.
        long base = registry.counts().started(Kind.USER.ordinal());
        Thread t = new Thread(() -> { });
        assertFalse(registry.prepareStart(t));
        registry.threadStarting(t, false, -1);
        assertEquals(base, registry.counts().started(Kind.USER.ordinal()));
        registry.threadStarted(t, 7);
        assertEquals(base + 1, registry.counts().started(Kind.USER.ordinal()));
    }

    @Test
    void withoutTheLibraryStartsAreCountedAtStart() throws Exception {
        Registry registry = new Registry(10, false);
        registry.setEvents(new PureJavaEvents());
        List<String> heard = new CopyOnWriteArrayList<>();
        registry.setListener(new RegistryListener() {
            @Override
            public void started(ThreadRecord record) {
                heard.add(record.name());
            }

            @Override
            public void ended(ThreadRecord record) {
            }
        });
        Thread t = new Thread(() -> { }, "pure");
        PatchedStart.start(registry, t);
        assertEquals(List.of("pure"), heard, "no event will come: told at start()");
        assertEquals(-1, registry.find(t.getId()).osThreadId());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
