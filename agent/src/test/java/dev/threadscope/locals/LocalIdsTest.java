package dev.threadscope.locals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

/** ThreadLocal ids: unique while anything shows them, forgotten once nothing does. */
class LocalIdsTest {

    private static void awaitGc(LocalIds ids, String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            ids.expunge();
            if (done.getAsBoolean()) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "timed out: " + what);
            System.gc();
            Thread.sleep(10);
        }
    }

    @Test
    void idsOfCollectedThreadLocalsAreForgotten() throws Exception {
        LocalIds ids = new LocalIds();
        ThreadLocal<String> kept = new ThreadLocal<>();
        String keptId = ids.idOf(kept);
        for (int i = 0; i < 2_000; i++) { // fewer than LocalIds.FORGOTTEN: all still known as issued below
            ids.idOf(new ThreadLocal<>()); // an application making ThreadLocals per object, inspected
        }
        String gone = ids.idOf(new ThreadLocal<>());
        awaitGc(ids, "the collected ones' ids forgotten", () -> ids.held() < 100);
        assertTrue(ids.issued(gone), "an id forgotten lately is still known as one (a client may have just read it)");
        assertTrue(ids.issued(keptId));
        assertEquals(keptId, ids.idOf(kept), "stable for the ThreadLocal's life");
    }

    @Test
    void aStaleEntryKeepsItsThreadLocalsId() throws Exception {
        LocalIds ids = new LocalIds();
        ThreadLocal<String> local = new ThreadLocal<>();
        String id = ids.idOf(local);
        assertNotEquals(id, ids.idOf(new ThreadLocal<>()));
        // As a ThreadLocalMap entry is: a weak reference to its ThreadLocal, held by the map.
        Object[] map = {new WeakReference<>(local)};
        WeakReference<?> entry = (WeakReference<?>) map[0];
        ids.remember(entry, new LocalIds.Known(id, ThreadLocal.class.getName(), ""));
        local = null;
        awaitGc(ids, "the ThreadLocal collected", () -> entry.get() == null);
        for (int i = 0; i < 3; i++) {
            System.gc();
            ids.expunge();
        }
        assertTrue(ids.issued(id), "the stale entry still shows it");
        assertEquals(id, ids.known(entry).id);
    }

    @Test
    void staleIdsHaveOneForm() {
        assertTrue(LocalIds.isStaleId("collected-1a2b3c4d"));
        assertTrue(LocalIds.isStaleId("collected-0"));
        for (String bad : new String[] {"collected-", "collected-zzz", "collected-1A", "collected-123456789", "1a2b",
            "collected-1a-2", "collected-\uff11\uff12", "collected-\u0661\u0662"}) {
            assertFalse(LocalIds.isStaleId(bad), bad);
        }
    }
}
