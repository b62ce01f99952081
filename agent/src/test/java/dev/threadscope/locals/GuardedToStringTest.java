package dev.threadscope.locals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The guard around application toString()s: stuck, slow, null and throwing ones. */
class GuardedToStringTest {

    /** A toString() that blocks until {@code release} opens; each class is its own key. */
    private static Object blocking(CountDownLatch release, int kind) {
        switch (kind) {
            case 0: return new Object() { @Override public String toString() { return await(release); } };
            case 1: return new Object() { @Override public String toString() { return await(release); } };
            case 2: return new Object() { @Override public String toString() { return await(release); } };
            default: return new Object() { @Override public String toString() { return await(release); } };
        }
    }

    private static String await(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "late";
    }

    @Test
    void slowToStringsThatReturnAfterAllStopCounting() throws Exception {
        GuardedToString guard = new GuardedToString();
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < GuardedToString.MAX_STUCK; i++) {
            Object slow = blocking(release, i);
            assertTrue(guard.render(slow, slow.getClass(), deadline()).startsWith("<toString() did not return"));
        }
        assertTrue(guard.render("x", String.class, deadline())
                .startsWith("<not rendered: 4 toString() calls have not returned"));
        release.countDown(); // each of them returns after all
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String s;
        while (!(s = guard.render("x", String.class, deadline())).equals("x")) {
            assertTrue(System.nanoTime() < until, "rendering still off: " + s);
            Thread.sleep(10);
        }
        assertEquals("x", s);
    }

    /**
     * Reading the same hanging value again and again (a console refreshing) takes no new worker
     * each time: the value's class is known stuck, so the marker comes at once, and every other
     * value still renders. Before, four reads of one value turned rendering off for the JVM's life.
     */
    @Test
    void oneHangingValueReadOftenDoesNotTurnRenderingOff() {
        GuardedToString guard = new GuardedToString();
        CountDownLatch release = new CountDownLatch(1);
        try {
            Object hanging = blocking(release, 0);
            assertTrue(guard.render(hanging, hanging.getClass(), deadline()).startsWith("<toString() did not return"));
            for (int i = 0; i < 3 * GuardedToString.MAX_STUCK; i++) {
                assertEquals("<not rendered: an earlier toString() of this class has not returned>",
                        guard.render(hanging, hanging.getClass(), deadline()));
            }
            assertEquals("fine", guard.render(new StringBuilder("fine"), StringBuilder.class, deadline()));
        } finally {
            release.countDown();
        }
    }

    @Test
    void aToStringThatReturnsNullOrThrowsGivesAMarker() {
        GuardedToString guard = new GuardedToString();
        Object nullString = new Object() {
            @Override
            public String toString() {
                return null;
            }
        };
        Object throwing = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("secret");
            }
        };
        assertEquals("<toString() returned null>", guard.render(nullString, nullString.getClass(), deadline()));
        assertEquals("<toString() threw java.lang.IllegalStateException>",
                guard.render(throwing, throwing.getClass(), deadline()));
    }

    private static long deadline() {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    }
}
