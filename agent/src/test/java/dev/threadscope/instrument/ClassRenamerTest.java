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
        c.getMethod("threadExiting", Thread.class).invoke(null, Thread.currentThread()); // no sink: a no-op
        assertEquals(Thread.class, c.getMethod("threadExiting", Thread.class).getParameterTypes()[0]);
        c.getField("exiting").set(null, (java.util.function.Consumer<Thread>) t -> {
            throw new IllegalStateException("a bug in a sink");
        });
        c.getMethod("threadExiting", Thread.class).invoke(null, Thread.currentThread()); // swallowed
        // Outside java.base, Thread.start0() cannot be had: the bridge says so instead of failing to load.
        @SuppressWarnings("unchecked")
        java.util.function.Function<Object[], Object> control =
                (java.util.function.Function<Object[], Object>) c.getField("CONTROL").get(null);
        assertEquals(Boolean.FALSE, control.apply(new Object[] {"start0"}));
        // Nor is jdk.internal.misc.CDS (the stand-in renamed as BridgeDefiner does): "don't know", not a throw.
        Class<?> withCds = MethodHandles.lookup().defineClass(ClassRenamer.rename(ClassRenamer.rename(original,
                BridgeDefiner.TEMPLATE, "dev/threadscope/instrument/RenamedBridge2"), BridgeDefiner.CDS_STAND_IN,
                "jdk/internal/misc/CDS"));
        @SuppressWarnings("unchecked")
        java.util.function.Function<Object[], Object> control2 =
                (java.util.function.Function<Object[], Object>) withCds.getField("CONTROL").get(null);
        assertEquals(Boolean.FALSE, control2.apply(new Object[] {"writingStaticArchive"}));
        assertEquals(Boolean.FALSE, control.apply(new Object[] {"writingStaticArchive"})); // the stand-in itself
    }

    @Test
    void refusesWhatItCannotRename() {
        assertThrows(IllegalArgumentException.class, () -> ClassRenamer.rename(new byte[] {1, 2, 3, 4, 0, 0, 0, 0, 0, 1},
                "a", "b"));
    }
}
