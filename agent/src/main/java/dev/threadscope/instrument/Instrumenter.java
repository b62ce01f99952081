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

    /** @return false if Thread.start() could not be hooked */
    public static boolean install(Instrumentation inst, boolean futures) throws Exception {
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
        return transformer.transformedMethods() >= 2;
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
