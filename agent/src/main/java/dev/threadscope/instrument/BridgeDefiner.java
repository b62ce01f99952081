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

    private BridgeDefiner() {
    }

    /** Opens java.lang to this agent; needed for the bridge and for reading ThreadLocalMaps. */
    public static void openJavaLang(Instrumentation inst) {
        Module me = BridgeDefiner.class.getModule();
        inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(), Map.of("java.lang", Set.of(me)),
                Set.of(), Map.of());
    }

    /** Defines the bridge, or returns the one already there (the agent loaded twice). */
    public static Bridge define(byte[] template) throws Exception {
        Class<?> c;
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
        try {
            c = Class.forName(NAME, false, null);
        } catch (ClassNotFoundException notYet) {
            byte[] renamed = ClassRenamer.rename(ClassRenamer.rename(template, TEMPLATE, NAME.replace('.', '/')),
                    CDS_STAND_IN, "jdk/internal/misc/CDS");
            c = lookup.defineClass(renamed);
        }
        return new Bridge(lookup.in(c), c);
    }
}
