package dev.threadscope.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Modifier;

import org.junit.jupiter.api.Test;

class ClassRenamerTest {

    @Test
    void renamedBridgeLoadsUnderItsNewName() throws Throwable {
        byte[] original;
        try (InputStream in = getClass().getResourceAsStream("/dev/threadscope/bootstrap/ThreadscopeBridge.class")) {
            original = in.readAllBytes();
        }
        byte[] renamed = ClassRenamer.rename(original, BridgeDefiner.TEMPLATE,
                "dev/threadscope/instrument/RenamedBridge");
        Class<?> c = MethodHandles.lookup().defineClass(renamed); // in this package: package access
        assertEquals("dev.threadscope.instrument.RenamedBridge", c.getName());
        MethodHandle exiting = MethodHandles.lookup().findStatic(c, "threadExiting",
                MethodType.methodType(void.class, Thread.class));
        exiting.invoke(Thread.currentThread()); // no sink: a no-op
        @SuppressWarnings("unchecked")
        java.util.function.Function<Object[], Object> control = (java.util.function.Function<Object[], Object>)
                MethodHandles.lookup().findStaticGetter(c, "CONTROL", java.util.function.Function.class).invoke();
        control.apply(new Object[] {"set", "exiting", (java.util.function.Consumer<Thread>) t -> {
            throw new IllegalStateException("a bug in a sink");
        }});
        exiting.invoke(Thread.currentThread()); // swallowed
        // Outside java.base, Thread.start0() cannot be had: the bridge says so instead of failing to load.
        assertEquals(Boolean.FALSE, control.apply(new Object[] {"start0"}));
        // Nor is jdk.internal.misc.CDS (the stand-in renamed as BridgeDefiner does): "don't know", not a throw.
        // (Every rename BridgeDefiner makes finds its constant: else inJavaBase throws.)
        byte[] inJavaBase = BridgeDefiner.inJavaBase(original);
        Class<?> withCds = MethodHandles.lookup().defineClass(ClassRenamer.rename(inJavaBase,
                BridgeDefiner.NAME.replace('.', '/'), "dev/threadscope/instrument/RenamedBridge2"));
        @SuppressWarnings("unchecked")
        java.util.function.Function<Object[], Object> control2 = (java.util.function.Function<Object[], Object>)
                MethodHandles.lookup().findStaticGetter(withCds, "CONTROL", java.util.function.Function.class).invoke();
        assertEquals(Boolean.FALSE, control2.apply(new Object[] {"writingStaticArchive"}));
        // Nor jdk.internal.misc.Unsafe: a class's initialization is "don't know" (false), not a throw.
        assertEquals(Boolean.FALSE, control2.apply(new Object[] {"initialized", String.class}));
        assertEquals(Boolean.FALSE, control.apply(new Object[] {"writingStaticArchive"})); // the stand-in itself
    }

    /**
     * java.lang is exported to every module: only the hooks that JDK classes of other packages
     * call may be public, never a sink, a native, the library loader or CONTROL.
     */
    @Test
    void onlyCrossPackageHooksArePublic() throws Exception {
        Class<?> template = Class.forName("dev.threadscope.bootstrap.ThreadscopeBridge", false, getClass().getClassLoader());
        java.util.Set<String> publicStatics = new java.util.TreeSet<>();
        for (java.lang.reflect.Method m : template.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
                publicStatics.add(m.getName());
            }
        }
        for (java.lang.reflect.Field f : template.getDeclaredFields()) {
            if (Modifier.isPublic(f.getModifiers()) || Modifier.isProtected(f.getModifiers())) {
                publicStatics.add(f.getName());
            }
        }
        assertEquals(java.util.Set.of("futureFailed", "futureRetrieved", "platformServerRequested"), publicStatics);
    }

    @Test
    void refusesWhatItCannotRename() {
        assertThrows(IllegalArgumentException.class, () -> ClassRenamer.rename(new byte[] {1, 2, 3, 4, 0, 0, 0, 0, 0, 1},
                "a", "b"));
    }
}
