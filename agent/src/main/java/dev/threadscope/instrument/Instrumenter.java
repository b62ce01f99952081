package dev.threadscope.instrument;

import java.lang.instrument.Instrumentation;

import dev.threadscope.core.Log;

/**
 * Patches Thread (already loaded) and the other hooked JDK classes, loading those without
 * initialising them so that the hooks are in place before anyone uses them. The transformer
 * is removed afterwards: a registered transformer makes every later class load pay for a
 * copy of its bytes.
 */
public final class Instrumenter {
    private Instrumenter() {
    }

    // What could be hooked (ints, not an enum: one class fewer to load at start-up).
    /** Thread.start() and Thread.exit(): the JVMTI library need not post thread ends. */
    public static final int COMPLETE = 2;
    /** Thread.start() but not Thread.exit(): ends come from JVMTI (or the fallback's scan). */
    public static final int NO_EXIT = 1;
    /** Not even Thread.start(): creators and stacks will be missing. */
    public static final int NO_START = 0;

    /** @return {@link #COMPLETE}, {@link #NO_EXIT} or {@link #NO_START} */
    public static int install(Instrumentation inst, boolean futures) throws Exception {
        HookTransformer transformer = new HookTransformer(futures);
        inst.addTransformer(transformer, true);
        try {
            inst.retransformClasses(Thread.class, ThreadLocal.class);
            load(inst, transformer, "java.lang.management.ManagementFactory");
            load(inst, transformer, "java.lang.VirtualThread"); // JDK 21+
            if (futures) {
                load(inst, transformer, "java.util.concurrent.FutureTask");
            }
        } finally {
            inst.removeTransformer(transformer);
        }
        if (transformer.transformedMethods() < 2) {
            return NO_START;
        }
        return transformer.exitHooked() ? COMPLETE : NO_EXIT;
    }

    private static void load(Instrumentation inst, HookTransformer transformer, String name) throws Exception {
        int before = transformer.transformedMethods();
        try {
            Class<?> c = Class.forName(name, false, null);
            if (transformer.transformedMethods() == before) {
                inst.retransformClasses(c); // it was loaded before us
            }
        } catch (ClassNotFoundException notInThisRuntime) {
            Log.debug(name + " is not in this runtime");
        }
    }
}
