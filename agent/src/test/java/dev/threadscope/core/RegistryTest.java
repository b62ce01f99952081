package dev.threadscope.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

/** The registry fed by hand the way the hooks and JVMTI feed it, with real threads. */
class RegistryTest {

    @Test
    void startHookThenStartEventGivesUserWithCreatorAndStack() throws Exception {
        Registry registry = new Registry(10, true);
        registry.setMain(Thread.currentThread(), 7);
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            registry.threadStarted(Thread.currentThread(), 1234);
            await(done);
            registry.threadEnded(Thread.currentThread());
        }, "worker");
        PatchedStart.start(registry, t);
        ThreadRecord r = awaitLive(registry, t.getId());
        assertEquals(Kind.USER, r.kind());
        assertEquals(Thread.currentThread().getId(), r.creatorId());
        assertEquals(1234, r.osThreadId());
        String[] stack = registry.creationStack(r);
        assertTrue(stack.length > 0);
        assertTrue(java.util.Arrays.stream(stack).anyMatch(
                f -> f.contains("RegistryTest.startHookThenStartEventGivesUserWithCreatorAndStack(")), String.join("\n", stack));
        done.countDown();
        t.join();
        Ended.assertHistory(List.of(r), registry.recentlyEnded());
        assertFalse(r.alive());
        assertEquals("TERMINATED", r.state());
        assertNull(r.thread());
        assertEquals(1, registry.counts().ended(Kind.USER.ordinal()));
        assertEquals(0, registry.counts().live(Kind.USER.ordinal()));
        assertEquals(1, registry.counts().live(Kind.MAIN.ordinal()));
    }

    /**
     * The creator's recording failed after prepareStart where not even its cleanup ran (a
     * StackOverflowError at the creator's stack limit): the mark must not outlive the thread,
     * and the thread is still counted, started and ended.
     */
    @Test
    void aStartingMarkLeftBehindIsRecordedAtTheThreadsEnd() throws Exception {
        Registry registry = new Registry(10, true);
        registry.setEvents(new PureJavaEvents());
        int before = registry.size();
        CountDownLatch exit = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            await(exit);
            registry.threadExiting(Thread.currentThread()); // what the Thread.exit() hook reports
        }, "stale-mark");
        synchronized (t) {
            registry.prepareStart(t);
            t.start(); // and threadStarting never comes
        }
        assertEquals(before + 1, registry.size(), "the mark");
        exit.countDown();
        t.join();
        assertEquals(before, registry.size(), "the mark is gone");
        assertEquals(1, registry.counts().started(Kind.USER.ordinal()));
        assertEquals(1, registry.counts().ended(Kind.USER.ordinal()));
        assertEquals(0, registry.counts().live(Kind.USER.ordinal()));
        ThreadRecord ended = registry.find(t.getId());
        assertEquals("stale-mark", ended.name());
        assertEquals(-1, ended.creatorId());
    }

    /**
     * A dynamic attach finishing while a thread is between prepareStart (no events yet: nothing
     * announced) and start0(): the installer's snapshot of live threads cannot see it (not
     * started yet), and no start event will come. It is counted when its creator records it.
     */
    @Test
    void aThreadStartingWhileThreadscopeFinishesInstallingIsCounted() throws Exception {
        Registry registry = new Registry(10, false);
        CountDownLatch exit = new CountDownLatch(1);
        Thread t = new Thread(() -> await(exit), "mid-install");
        synchronized (t) {
            boolean announced = registry.prepareStart(t);
            assertFalse(announced, "no events yet");
            registry.setEvents(new PureJavaEvents()); // the installer, meanwhile, on another thread
            t.start();
            registry.threadStarting(t, announced, -1);
        }
        assertEquals(1, registry.counts().started(Kind.USER.ordinal()));
        assertEquals(1, registry.counts().live(Kind.USER.ordinal()));
        exit.countDown();
        t.join();
    }

    @Test
    void startEventWithoutHookIsAlien() throws Exception {
        Registry registry = new Registry(10, false);
        CountDownLatch seen = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            registry.threadStarted(Thread.currentThread(), -1);
            seen.countDown();
            registry.threadEnded(Thread.currentThread());
        }, "from-native");
        t.setDaemon(true);
        t.start();
        t.join();
        ThreadRecord r = registry.find(t.getId());
        assertNotNull(r);
        assertEquals(Kind.ALIEN, r.kind());
        assertTrue(r.daemon());
        assertEquals(-1, r.creatorId());
    }

    @Test
    void failedStartLeavesNothingPending() {
        Registry registry = new Registry(10, true);
        Thread t = new Thread(() -> { });
        registry.threadStartFailed(t, registry.prepareStart(t));
        registry.scan();
        assertNull(registry.find(t.getId()));
    }

    @Test
    void scanCountsThreadsThatCameAndWentBetweenScans() throws Exception {
        Registry registry = new Registry(10, true);
        registry.setMain(Thread.currentThread(), -1);
        Thread t = new Thread(() -> { }, "quick");
        PatchedStart.start(registry, t);
        t.join();
        registry.scan();
        ThreadRecord r = registry.find(t.getId());
        assertEquals(Kind.USER, r.kind());
        assertFalse(r.alive());
        assertEquals(1, registry.counts().started(Kind.USER.ordinal()));
        assertEquals(1, registry.counts().ended(Kind.USER.ordinal()));
    }

    @Test
    void aScanBetweenExitAndTheJvmsEndDoesNotCountTheThreadAgain() throws Exception {
        Registry registry = new Registry(10, false);
        registry.setEvents(new PureJavaEvents());
        registry.scan(); // the scanner is running (pure-Java mode)
        CountDownLatch exited = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread[] self = new Thread[1];
        Thread t = new Thread(() -> {
            registry.threadExiting(self[0]); // Thread.exit() has run; the JVM has not ended the thread yet
            exited.countDown();
            await(finish);
        }, "ending");
        self[0] = t;
        PatchedStart.start(registry, t);
        exited.await();
        assertTrue(t.isAlive());
        registry.scan();
        finish.countDown();
        t.join();
        registry.scan();
        assertEquals(1, registry.counts().started(Kind.USER.ordinal()));
        assertEquals(1, registry.counts().ended(Kind.USER.ordinal()));
        assertEquals(1, registry.recentlyEnded().stream().filter(r -> r.id() == t.getId()).count());
    }

    @Test
    void historyIsBounded() {
        History<Integer> h = new History<>(3);
        for (int i = 0; i < 10; i++) {
            h.add(i);
        }
        assertEquals(List.of(9, 8, 7), h.newestFirst());
        History<Integer> none = new History<>(0);
        none.add(1);
        assertEquals(List.of(), none.newestFirst());
    }

    @Test
    void deadRecordsAreRepairedOnRead() throws Exception {
        Registry registry = new Registry(10, false);
        Thread t = new Thread(() -> { }, "missed-end");
        t.start();
        t.join();
        registry.adopt(t, null, -1);
        assertArrayEquals(new Object[0], registry.live().stream().filter(r -> r.id() == t.getId()).toArray());
        assertEquals(1, registry.recentlyEnded().size());
    }

    private static ThreadRecord awaitLive(Registry registry, long id) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            ThreadRecord r = registry.find(id);
            if (r != null) {
                return r;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("never registered");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
