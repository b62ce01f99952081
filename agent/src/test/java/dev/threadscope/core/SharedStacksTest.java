package dev.threadscope.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Creation stacks resolved after the fact: same text as before, one copy per call site. */
class SharedStacksTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> started = new ArrayList<>();

    @AfterEach
    void releaseThreads() throws InterruptedException {
        release.countDown();
        for (Thread t : started) {
            t.join();
        }
    }

    private Thread parked(String name) {
        return new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
    }

    /** Starts the way the Thread.start() hook does: the record, announced, then the real start. */
    private ThreadRecord startFromSiteA(Registry registry, String name) {
        Thread t = parked(name);
        PatchedStart.start(registry, t); // call site A: same line for every thread
        started.add(t);
        return find(registry, t);
    }

    private ThreadRecord startFromSiteB(Registry registry, String name) {
        Thread t = parked(name);
        PatchedStart.start(registry, t); // call site B
        started.add(t);
        return find(registry, t);
    }

    private static ThreadRecord find(Registry registry, Thread t) {
        return registry.find(t.getId());
    }

    /** Called here without a Thread.start() frame, a stack holds every frame: where the call site is. */
    private static int frameOf(String[] stack, String text) {
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].contains(text)) {
                return i;
            }
        }
        throw new AssertionError(text + " not in\n" + String.join("\n", stack));
    }

    /** Without the library (PureJavaEvents) a thread is confirmed at start(), in the creating thread. */
    private static Registry registry() {
        Registry registry = new Registry(10, true);
        registry.setEvents(new PureJavaEvents());
        return registry;
    }

    @Test
    void sharingKeepsTheTextAndKeepsOneCopyPerCallSite() throws Exception {
        Registry registry = registry();
        List<ThreadRecord> fromA = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fromA.add(startFromSiteA(registry, "a-" + i));
        }
        ThreadRecord fromB = startFromSiteB(registry, "b");
        String[] beforeA = registry.creationStack(fromA.get(0));
        String[] beforeB = registry.creationStack(fromB);
        int site = frameOf(beforeA, "SharedStacksTest.startFromSiteA(");
        assertNotEquals(beforeA[site], beforeB[site]);

        Thread.sleep(5); // the cutoff is exclusive: these started strictly before it
        int resolved = registry.afterGc(System.currentTimeMillis(), Long.MIN_VALUE, System.nanoTime() + 10_000_000_000L);
        assertEquals(6, resolved);
        assertEquals(2, registry.sharedStacks().distinct());
        for (ThreadRecord r : fromA) {
            assertArrayEquals(beforeA, registry.creationStack(r), r.toString());
        }
        assertArrayEquals(beforeB, registry.creationStack(fromB));
        // one copy: the same frame strings, not equal ones
        assertSame(registry.creationStack(fromA.get(0))[site], registry.creationStack(fromA.get(4))[site]);
        // a second pass has nothing left to do
        assertEquals(0, registry.afterGc(System.currentTimeMillis() + 1, Long.MIN_VALUE, System.nanoTime() + 10_000_000_000L));
        // callers get copies: changing one changes nothing held
        registry.creationStack(fromA.get(0))[0] = "changed";
        assertArrayEquals(beforeA, registry.creationStack(fromA.get(1)));
    }

    @Test
    void threadsStartedAfterTheCutoffWaitForTheNextPass() throws Exception {
        Registry registry = registry();
        long cutoff = System.currentTimeMillis() - 60_000;
        ThreadRecord young = startFromSiteA(registry, "young");
        assertEquals(0, registry.afterGc(cutoff, Long.MIN_VALUE, System.nanoTime() + 10_000_000_000L));
        Thread.sleep(5);
        assertEquals(1, registry.afterGc(System.currentTimeMillis(), Long.MIN_VALUE, System.nanoTime() + 10_000_000_000L));
        frameOf(registry.creationStack(young), "startFromSiteA(");
    }

    @Test
    void endedThreadsAreSharedOnceTheyEndedBeforeTheHistoryCutoff() throws Exception {
        Registry registry = registry();
        ThreadRecord r = startFromSiteA(registry, "ends");
        String[] before = registry.creationStack(r);
        release.countDown();
        for (Thread t : started) {
            t.join();
            registry.threadExiting(t); // what the Thread.exit() hook reports
        }
        Ended.assertHistory(List.of(r), registry.recentlyEnded());
        long ended = registry.recentlyEnded().get(0).endMillis();
        assertEquals(0, registry.afterGc(Long.MAX_VALUE, ended, System.nanoTime() + 10_000_000_000L),
                "ended at the cutoff, not before it: left for a later pass");
        assertEquals(1, registry.afterGc(Long.MAX_VALUE, ended + 1, System.nanoTime() + 10_000_000_000L));
        assertArrayEquals(before, registry.creationStack(registry.recentlyEnded().get(0)));
        assertEquals(0, registry.afterGc(Long.MAX_VALUE, Long.MAX_VALUE, System.nanoTime() + 10_000_000_000L),
                "nothing left");
    }

    /**
     * An ended thread's creation stack, kept as a Throwable, holds the classes on it: the
     * history would keep an undeployed application's class loader alive. Once shared, it does not.
     */
    @Test
    void theHistoryLetsTheCreatingClassLoaderGoOnceShared() throws Exception {
        Registry registry = registry();
        WeakReference<ClassLoader> loader = startAndEndFromAThrowawayLoader(registry);
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        assertNotNull(loader.get(), "held by the history's unshared stack (else this test proves nothing)");
        assertEquals(1, registry.afterGc(Long.MAX_VALUE, Long.MAX_VALUE, System.nanoTime() + 10_000_000_000L));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (loader.get() != null) {
            assertTrue(System.nanoTime() < deadline, "the loader is still reachable after the pass");
            System.gc();
            Thread.sleep(10);
        }
        String[] stack = registry.creationStack(registry.recentlyEnded().get(0));
        frameOf(stack, "LoaderStarter.accept(");
    }

    private WeakReference<ClassLoader> startAndEndFromAThrowawayLoader(Registry registry) throws Exception {
        ClassLoader own = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.equals(LoaderStarter.class.getName())) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    if (c == null) {
                        try (java.io.InputStream in = SharedStacksTest.class.getResourceAsStream("LoaderStarter.class")) {
                            byte[] bytes = in.readAllBytes();
                            c = defineClass(name, bytes, 0, bytes.length);
                        } catch (java.io.IOException e) {
                            throw new ClassNotFoundException(name, e);
                        }
                    }
                    return c;
                }
            }
        };
        @SuppressWarnings("unchecked")
        Consumer<Runnable> starter = (Consumer<Runnable>) own.loadClass(LoaderStarter.class.getName())
                .getDeclaredConstructor().newInstance();
        assertNotSame(LoaderStarter.class, starter.getClass());
        Thread t = new Thread(() -> { }, "from-a-throwaway-loader");
        starter.accept(() -> PatchedStart.start(registry, t));
        t.join();
        registry.threadExiting(t);
        return new WeakReference<>(own);
    }

    @Test
    void aPassStopsAtItsDeadline() throws Exception {
        Registry registry = registry();
        for (int i = 0; i < 3; i++) {
            startFromSiteA(registry, "p-" + i);
        }
        Thread.sleep(5);
        long cutoff = System.currentTimeMillis();
        assertEquals(0, registry.afterGc(cutoff, Long.MIN_VALUE, System.nanoTime() - 1));
        assertEquals(3, registry.afterGc(cutoff, Long.MIN_VALUE, System.nanoTime() + 10_000_000_000L));
    }

    @Test
    void aThreadWhoseEndWentUnseenIsEndedAfterAGc() throws Exception {
        Registry registry = new Registry(10, false);
        registry.setEvents(new PureJavaEvents());
        Thread t = new Thread(() -> { }, "unseen-end");
        PatchedStart.start(registry, t);
        t.join(); // no Thread.exit() hook told the registry (another agent retransformed Thread, say)
        assertEquals(1, registry.counts().live(Kind.USER.ordinal()));
        registry.afterGc(Long.MIN_VALUE, Long.MIN_VALUE, System.nanoTime() + 10_000_000_000L);
        assertEquals(0, registry.counts().live(Kind.USER.ordinal()));
        assertEquals(1, registry.counts().ended(Kind.USER.ordinal()));
        assertEquals(List.of("unseen-end"), registry.recentlyEnded().stream().map(ThreadRecord::name).toList());
    }

    @Test
    void withoutStacksThereIsNothingToShare() throws Exception {
        Registry registry = new Registry(10, false);
        registry.setEvents(new PureJavaEvents());
        ThreadRecord r = startFromSiteA(registry, "no-stack");
        assertEquals(0, registry.afterGc(Long.MAX_VALUE, Long.MIN_VALUE, System.nanoTime() + 10_000_000_000L));
        assertEquals(0, registry.creationStack(r).length);
    }
}
