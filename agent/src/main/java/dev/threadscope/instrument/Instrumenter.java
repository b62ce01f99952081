package dev.threadscope.instrument;

import java.lang.instrument.Instrumentation;

import dev.threadscope.core.Log;

/**
 * Patches Thread and the other hooked JDK classes, loading those not loaded yet without
 * initialising them, then retransforming all of them at once, so that the hooks are in place
 * before anyone uses them. The transformer is registered only for that retransformation: a
 * registered transformer makes every later class load pay for a copy of its bytes.
 */
public final class Instrumenter {
    private Instrumenter() {
    }

    // What could be hooked, as bits (ints, not an enum set: fewer classes to load at start-up).
    /** Thread.start() (either overload): records are built by the creating thread. */
    public static final int START = 1;
    /** Thread.exit(): the JVMTI library need not post thread ends. */
    public static final int EXIT = 2;
    /** The two Thread constructors the JVM runs for attaching threads: aliens need no start event. */
    public static final int ATTACH = 4;

    /** @return the bits of {@link #START}, {@link #EXIT} and {@link #ATTACH} that hold */
    public static int install(Instrumentation inst, boolean futures, boolean start0) throws Exception {
        HookTransformer transformer = new HookTransformer(futures, start0);
        // Every hooked class is loaded first (not initialised), and then all are retransformed
        // together: one VM operation, in which the JVM checks our bytes before it installs any
        // of them, so a patch it refuses leaves the original class in place (patched as it
        // loaded, a class the verifier rejected would fail later, in the application's code).
        Class<?>[] loaded = {Thread.class, ThreadLocal.class, null, null, null};
        int n = 2;
        n = load("java.lang.management.ManagementFactory", loaded, n);
        n = load("java.lang.VirtualThread", loaded, n); // JDK 21+; loaded at start-up on 25
        if (futures) {
            n = load("java.util.concurrent.FutureTask", loaded, n);
        }
        inst.addTransformer(transformer, true);
        try {
            int[] before = transformer.snapshot();
            try {
                inst.retransformClasses(java.util.Arrays.copyOf(loaded, n));
            } catch (Throwable together) {
                transformer.restore(before); // the JVM installed none of what the transformer counted
                for (int i = 0; i < n; i++) { // one class refused: the others still count
                    retransform(inst, transformer, loaded[i]);
                }
            }
        } finally {
            inst.removeTransformer(transformer);
        }
        return (transformer.startHooked() ? START : 0) | (transformer.exitHooked() ? EXIT : 0)
                | (transformer.attachHooked() ? ATTACH : 0);
    }

    /** Loads {@code name} (without initialising it) into {@code loaded}; absent from this runtime, skipped. */
    private static int load(String name, Class<?>[] loaded, int n) {
        try {
            loaded[n] = Class.forName(name, false, null);
            return n + 1;
        } catch (ClassNotFoundException notInThisRuntime) {
            Log.debug(name + " is not in this runtime");
        }
        return n;
    }

    private static void retransform(Instrumentation inst, HookTransformer transformer, Class<?> c) {
        int[] before = transformer.snapshot();
        try {
            inst.retransformClasses(c);
        } catch (Throwable t) {
            transformer.restore(before);
            Log.warn("could not instrument " + c.getName() + ": " + t);
        }
    }
}
