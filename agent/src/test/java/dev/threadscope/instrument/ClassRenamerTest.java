package dev.threadscope.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;

import org.junit.jupiter.api.Test;

class ClassRenamerTest {

    @Test
    void renamedBridgeLoadsUnderItsNewName() throws Exception {
        byte[] original;
        try (InputStream in = getClass().getResourceAsStream("/dev/threadscope/bootstrap/ThreadscopeBridge.class")) {
            original = in.readAllBytes();
        }
        byte[] renamed = ClassRenamer.rename(original, BridgeDefiner.TEMPLATE,
                "dev/threadscope/instrument/RenamedBridge");
        Class<?> c = MethodHandles.lookup().defineClass(renamed);
        assertEquals("dev.threadscope.instrument.RenamedBridge", c.getName());
        c.getMethod("threadStarting", Thread.class).invoke(null, Thread.currentThread()); // no sink: a no-op
        assertEquals(Thread.class, c.getMethod("threadStarting", Thread.class).getParameterTypes()[0]);
        c.getField("starting").set(null, (java.util.function.Consumer<Thread>) t -> {
            throw new IllegalStateException("a bug in a sink");
        });
        c.getMethod("threadStarting", Thread.class).invoke(null, Thread.currentThread()); // swallowed
    }

    @Test
    void refusesWhatItCannotRename() {
        assertThrows(IllegalArgumentException.class, () -> ClassRenamer.rename(new byte[] {1, 2, 3, 4, 0, 0, 0, 0, 0, 1},
                "a", "b"));
    }
}
