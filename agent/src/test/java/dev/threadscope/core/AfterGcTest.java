package dev.threadscope.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.Cleaner;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the cleaning action after GCs is woken. Real collections (System.gc()) with a cleaner of
 * the test's own; "no wake-up" is checked by waiting well past the cleaner's usual reaction.
 */
class AfterGcTest {
    private final Cleaner cleaner = Cleaner.create();
    private final Registry registry = new Registry(10, true);
    private final AfterGc afterGc = AfterGc.start(registry, cleaner);

    @AfterEach
    void stopCleaner() {
        System.gc(); // the cleaner's thread ends once its own cleanable runs; nothing to wait for
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - deadline < 0, "timed out waiting: " + what);
            System.gc();
            Thread.sleep(5);
        }
    }

    /** n collections; returns how many wake-ups they caused, after letting the cleaner catch up. */
    private int wakeUpsFrom(int collections) throws InterruptedException {
        int before = afterGc.wakeUps();
        for (int i = 0; i < collections; i++) {
            System.gc();
        }
        Thread.sleep(200);
        return afterGc.wakeUps() - before;
    }

    private void sleepPastInterval() throws InterruptedException {
        Thread.sleep(AfterGc.MIN_INTERVAL_MS + 20);
    }

    @Test
    void whileThreadsChurnGcsTooSoonAfterAPassParkItAndAThreadEventLetsItGo() throws InterruptedException {
        await("a GC soon after a pass, with threads churning, parks", () -> {
            for (int i = 0; i < AfterGc.PARK_AFTER; i++) {
                afterGc.poke(); // threads started and ended
            }
            return afterGc.state().equals("parked");
        });
        int parkedAt = afterGc.wakeUps();
        assertEquals(0, wakeUpsFrom(20), "no wake-up per GC while parked");
        sleepPastInterval();
        afterGc.poke(); // a thread event after the interval lets the sentinel go
        assertEquals("armed", afterGc.state());
        await("a pass", () -> afterGc.wakeUps() > parkedAt);
    }

    @Test
    void aPassWithNothingLeftGoesIdleAndTheNextThreadEventArmsAgain() throws InterruptedException {
        sleepPastInterval();
        await("a pass with no thread events: idle", () -> afterGc.state().equals("idle"));
        assertEquals(0, wakeUpsFrom(10), "an application that starts no threads is not woken by its GCs");
        afterGc.poke();
        assertEquals("armed", afterGc.state());
        int before = afterGc.wakeUps();
        await("woken again", () -> afterGc.wakeUps() > before);
    }

    @Test
    void aFewThreadsThenQuietDoNotParkIt() throws InterruptedException {
        sleepPastInterval();
        int before = afterGc.wakeUps();
        await("a pass", () -> afterGc.wakeUps() > before);
        afterGc.poke(); // one thread started, then the application goes quiet
        int after = afterGc.wakeUps();
        System.gc();
        await("woken by the next GC", () -> afterGc.wakeUps() > after);
        assertTrue(!afterGc.state().equals("parked"), "a quiet application must still get its pass");
        sleepPastInterval();
        int later = afterGc.wakeUps();
        await("the pass that shares that thread's stack", () -> afterGc.wakeUps() > later);
    }

    @Test
    void aPassAfterThreadsStartedStaysArmedSoThatTheyAreSharedByTheNext() throws InterruptedException {
        Thread t = new Thread(() -> { }, "started");
        PatchedStart.start(registry, t); // recorded with its creation stack: confirm() pokes
        sleepPastInterval();
        int before = afterGc.wakeUps();
        await("a pass", () -> afterGc.wakeUps() > before);
        assertEquals("armed", afterGc.state(), "threads started since the previous pass are still to be shared");
    }
}
