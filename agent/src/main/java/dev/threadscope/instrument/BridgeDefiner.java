package dev.threadscope.instrument;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.Set;

/**
 * Defines {@code dev.threadscope.bootstrap.ThreadscopeBridge} into the boot loader as
 * {@code java.lang.ThreadscopeBridge}, where the instrumented java.lang.Thread can see it.
 * java.lang is first opened to the agent with redefineModule (which thread-local inspection
 * needs anyway); then a private lookup in Thread defines the class. Unlike
 * appendToBootstrapClassLoaderSearch, this makes the JVM print no CDS warning.
 */
public final class BridgeDefiner {
    static final String TEMPLATE = "dev/threadscope/bootstrap/ThreadscopeBridge";
    public static final String NAME = "java.lang.ThreadscopeBridge";
    /** The bridge's name for jdk.internal.misc.CDS, which its source cannot name. */
    static final String CDS_STAND_IN = "dev/threadscope/bootstrap/CdsStandIn";
    /** The bridge's name for jdk.internal.misc.Unsafe, and the descriptor of its getUnsafe(). */
    static final String UNSAFE_STAND_IN = "dev/threadscope/bootstrap/UnsafeStandIn";
    static final String UNSAFE_GETTER = "()L" + UNSAFE_STAND_IN + ";";

    private BridgeDefiner() {
    }

    /** Opens java.lang to this agent; needed for the bridge and for reading ThreadLocalMaps. */
    public static void openJavaLang(Instrumentation inst) {
        Module me = BridgeDefiner.class.getModule();
        inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(), Map.of("java.lang", Set.of(me)),
                Set.of(), Map.of());
    }

    /** The template as it is defined into java.base: its own name, and the JDK classes its stand-ins stand for. */
    static byte[] inJavaBase(byte[] template) {
        byte[] b = ClassRenamer.rename(template, TEMPLATE, NAME.replace('.', '/'));
        b = ClassRenamer.rename(b, CDS_STAND_IN, "jdk/internal/misc/CDS");
        b = ClassRenamer.rename(b, UNSAFE_STAND_IN, "jdk/internal/misc/Unsafe");
        return ClassRenamer.rename(b, UNSAFE_GETTER, "()Ljdk/internal/misc/Unsafe;");
    }

    /** Defines the bridge, or returns the one already there (the agent loaded twice). */
    public static Bridge define(byte[] template) throws Exception {
        Class<?> c;
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
        try {
            c = Class.forName(NAME, false, null);
        } catch (ClassNotFoundException notYet) {
            c = lookup.defineClass(inJavaBase(template));
        }
        return new Bridge(lookup.in(c), c);
    }
}
