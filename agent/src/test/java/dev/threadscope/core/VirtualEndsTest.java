package dev.threadscope.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.junit.jupiter.api.Test;

/**
 * virtual=track: an end reported on a carrier is only queued, and recorded by threadscope's own
 * thread or by the next read. (Registry's virtual hooks take any Thread: unstarted platform
 * threads stand in for virtual ones here.)
 */
class VirtualEndsTest {
    private static final int VIRTUAL = Kind.VIRTUAL.ordinal();

    @Test
    void anEndIsCountedByTheNextReadAndTheRecorderRecordsTheRest() throws Exception {
        Registry registry = new Registry(100, false, true);
        Thread a = new Thread(() -> { });
        Thread b = new Thread(() -> { });
        registry.virtualStarting(a);
        registry.virtualStarting(b);
        assertEquals(2, registry.counts().live(VIRTUAL));
        registry.virtualEnded(a);
        assertEquals(1, registry.counts().ended(VIRTUAL), "a read records what is queued first");
        assertEquals(1, registry.counts().live(VIRTUAL));
        registry.virtualEnded(b);
        Thread recorder = recorder();
        assertNotNull(recorder, "made at the first tracked virtual start");
        for (int i = 0; i < 200 && registry.recentlyEnded().size() < 2; i++) {
            Thread.sleep(10);
        }
        assertEquals(2, registry.recentlyEnded().size());
        assertEquals(0, registry.counts().live(VIRTUAL));
    }

    @Test
    void anInterruptedRecorderStillParks() throws Exception {
        Registry registry = new Registry(100, false, true);
        registry.virtualStarting(new Thread(() -> { }));
        Thread recorder = recorder();
        assertNotNull(recorder);
        recorder.interrupt(); // as code that interrupts every thread would
        Thread.sleep(100);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getThreadCpuTime(recorder.getId());
        Thread.sleep(500);
        long spent = mx.getThreadCpuTime(recorder.getId()) - cpu0;
        assertTrue(spent < 100_000_000L, "the recorder spun for " + spent / 1_000_000 + " ms of 500");
        Thread t = new Thread(() -> { });
        registry.virtualStarting(t);
        registry.virtualEnded(t);
        assertEquals(1, registry.recentlyEnded().size(), "still recorded");
    }

    /** The newest recorder thread (each registry here makes its own). */
    private static Thread recorder() {
        Thread newest = null;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("threadscope-virtual-ends") && (newest == null || t.getId() > newest.getId())) {
                newest = t;
            }
        }
        return newest;
    }
}
