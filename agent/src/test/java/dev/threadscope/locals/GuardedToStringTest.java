package dev.threadscope.locals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** A toString() that is slow, not stuck, does not turn rendering off for good. */
class GuardedToStringTest {

    @Test
    void slowToStringsThatReturnAfterAllStopCounting() throws Exception {
        GuardedToString guard = new GuardedToString();
        CountDownLatch release = new CountDownLatch(1);
        Object slow = new Object() {
            @Override
            public String toString() {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "late";
            }
        };
        for (int i = 0; i < GuardedToString.MAX_STUCK; i++) {
            assertTrue(guard.render(slow, deadline()).startsWith("<toString() did not return"));
        }
        assertTrue(guard.render("x", deadline()).startsWith("<not rendered: 4 toString() calls have not returned"));
        release.countDown(); // each of them returns after all
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String s;
        while (!(s = guard.render("x", deadline())).equals("x")) {
            assertTrue(System.nanoTime() < until, "rendering still off: " + s);
            Thread.sleep(10);
        }
        assertEquals("x", s);
    }

    private static long deadline() {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    }
}
