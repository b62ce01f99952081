package dev.threadscope.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

/**
 * The registry when the JVMTI library posts no start events: Thread.start() records each thread
 * with the kernel id read after start0(), attaching threads are recorded by their constructor
 * hook, and the JVM's own threads are found by readers.
 */
class NoStartEventsTest {
    private final Registry registry = new Registry(10, true);
    private final AnnouncedStartTest.Library lib = new AnnouncedStartTest.Library();

    NoStartEventsTest() {
        registry.setMain(Thread.currentThread(), -1);
        lib.startEvents = false;
        registry.setEvents(lib);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void startedThreadIsRecordedCompleteByItsCreator() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread t = new Thread(() -> await(release), "started");
        PatchedStart.startWithKernelId(registry, t, 4242);
        assertEquals(List.of(), lib.announced, "no event to announce it to");
        ThreadRecord r = registry.find(t.getId());
        assertNotNull(r);
        assertTrue(r.running());
        assertEquals(Kind.USER, r.kind());
        assertEquals(4242, r.osThreadId());
        assertEquals(Thread.currentThread().getId(), r.creatorId());
        assertEquals(1, registry.counts().started(Kind.USER.ordinal()));
        release.countDown();
        t.join();
        registry.threadExiting(t);
        assertEquals(List.of(), lib.ended, "nothing held by the library: its kernel id was known");
        assertEquals(4242, registry.recentlyEnded().get(0).osThreadId());
    }

    @Test
    void attachingThreadIsAlienWithItsKernelIdAndLiveDaemonFlag() throws Exception {
        CountDownLatch attached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            registry.attached(Thread.currentThread(), 777); // as the bridge does at the end of its constructor
            attached.countDown();
            await(release);
        }, "attaching");
        t.start();
        attached.await();
        ThreadRecord r = registry.find(t.getId());
        assertNotNull(r);
        assertEquals(Kind.ALIEN, r.kind());
        assertEquals(777, r.osThreadId());
        assertEquals(1, registry.counts().started(Kind.ALIEN.ordinal()));
        release.countDown();
        t.join();
        registry.threadExiting(t);
        assertEquals(1, registry.counts().ended(Kind.ALIEN.ordinal()));
    }

    @Test
    void aDaemonFlagSetAfterTheConstructorIsWhatTheRecordSays() {
        Thread t = new Thread(() -> { }, "attach-as-daemon");
        registry.attached(t, 1);
        assertFalse(registry.find(t.getId()).daemon());
        t.setDaemon(true); // what AttachCurrentThreadAsDaemon does after the constructor
        assertTrue(registry.find(t.getId()).daemon());
    }

    @Test
    void withAListenerAnAttachingThreadWaitsForItsStartEvent() {
        registry.setListener(new RegistryListener() {
            @Override
            public void started(ThreadRecord record) {
            }

            @Override
            public void ended(ThreadRecord record) {
            }
        });
        assertTrue(lib.startEvents, "listening turns start events on");
        Thread t = new Thread(() -> { }, "attaching-while-listened");
        registry.attached(t, 1);
        assertEquals(0, registry.counts().started(Kind.ALIEN.ordinal()), "recorded by its start event instead");
    }

    @Test
    void theJvmsOwnThreadsAreFoundByReadersWithTheirKernelIds() throws Exception {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        ThreadGroup jvm = new ThreadGroup(root, "jvm-internal");
        registry.live(); // the test JVM's own threads, found now
        long system = registry.counts().started(Kind.SYSTEM.ordinal());
        CountDownLatch release = new CountDownLatch(1);
        Thread t = new Thread(jvm, () -> await(release), "Attach Listener");
        t.setDaemon(true);
        t.start(); // not through the patched start(): the VM starts these itself
        try {
            ThreadRecord r = registry.find(t.getId());
            assertNotNull(r, "found when read");
            assertEquals(Kind.SYSTEM, r.kind());
            assertEquals(300_000 + t.getId(), r.osThreadId());
            assertEquals(system + 1, registry.counts().started(Kind.SYSTEM.ordinal()));
            registry.live();
            assertEquals(system + 1, registry.counts().started(Kind.SYSTEM.ordinal()), "found once");
        } finally {
            release.countDown();
            t.join();
        }
    }

    @Test
    void aThreadPastItsExitHookIsNotFoundAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread t = new Thread(() -> await(release), "exiting");
        PatchedStart.startWithKernelId(registry, t, 5);
        registry.threadExiting(t); // its Thread.exit() has run; the JVM has not ended it yet
        assertTrue(t.isAlive());
        assertNull(registry.live().stream().filter(r -> r.id() == t.getId()).findAny().orElse(null));
        assertEquals(1, registry.counts().started(Kind.USER.ordinal()));
        assertEquals(1, registry.counts().ended(Kind.USER.ordinal()));
        release.countDown();
        t.join();
        assertFalse(registry.live().stream().anyMatch(r -> r.id() == t.getId()));
    }
}
