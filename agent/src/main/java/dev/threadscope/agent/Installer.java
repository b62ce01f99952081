package dev.threadscope.agent;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

import dev.threadscope.core.FallbackScanner;
import dev.threadscope.core.Log;
import dev.threadscope.core.Registry;
import dev.threadscope.core.Threads;
import dev.threadscope.instrument.Bridge;
import dev.threadscope.instrument.BridgeDefiner;
import dev.threadscope.instrument.HookTransformer;
import dev.threadscope.jmx.JmxRegistrar;
import dev.threadscope.nativelib.NativeLibrary;

/**
 * The installation order (see docs/design.md): options; the registry with the main thread;
 * the bridge and the Thread hooks; the JVMTI library (or the fallback); the threads already
 * running; the lazy JMX registration. Everything that can wait, waits.
 */
final class Installer {
    private static boolean installed;

    private Installer() {
    }

    static synchronized void install(String args, Instrumentation inst, boolean atStartup) throws Exception {
        if (installed) {
            Log.info("already loaded in this JVM; this second load changes nothing");
            return;
        }
        long t0 = System.nanoTime();
        List<String> problems = new ArrayList<>();
        Options options = Options.parse(args, problems);
        Log.setLevel(options.logLevel());
        for (String problem : problems) {
            Log.info(problem);
        }

        Registry registry = new Registry(options.history(), options.stacks());
        Thread main = atStartup ? Thread.currentThread() : MainThread.find();
        if (main != null) {
            registry.setMain(main, -1);
        }
        try (AgentJar jar = AgentJar.open()) {
            BridgeDefiner.openJavaLang(inst);
            Bridge bridge = BridgeDefiner.define(jar.bytes("dev/threadscope/bootstrap/ThreadscopeBridge.class"));
            if (bridge.sink("starting") != null) {
                Log.info("already loaded in this JVM (another copy of the agent); this one does nothing");
                return;
            }
            // Plain classes, not lambdas: the first lambda costs milliseconds of start-up.
            bridge.setSink("startFailed", new StartHooks.Failed(registry));
            bridge.setSink("starting", new StartHooks.Starting(registry));
            long t1 = System.nanoTime();
            instrument(inst);
            long t2 = System.nanoTime();

            boolean nativeLoaded = false;
            NativeLibrary lib = new NativeLibrary(bridge);
            String why = "native=off";
            if (options.nativeEnabled()) {
                why = lib.start(jar.zip(), registry);
                nativeLoaded = why == null;
            }
            if (!nativeLoaded) {
                Log.info("native library not loaded (" + why + "); pure-Java fallback: threads found by "
                        + "enumeration every second, alien threads seen only while alive");
            }
            long t3 = System.nanoTime();
            if (main != null) {
                registry.learnOsThreadId(main, lib.currentOsThreadId());
            }
            for (Thread t : Threads.all()) {
                registry.adopt(t, null, -1);
            }
            if (!nativeLoaded) {
                FallbackScanner.start(registry);
            }
            JmxRegistrar jmx = new JmxRegistrar(registry, options.asMap(), nativeLoaded);
            bridge.setSink("platformServer", jmx);
            installed = true;
            if (!atStartup) {
                jmx.run(); // an application already running: register now, not on some later call
            }
            long t4 = System.nanoTime();
            Log.debug("installed in " + ms(t4 - t0) + " ms (bridge " + ms(t1 - t0) + ", hooks " + ms(t2 - t1)
                    + ", native " + ms(t3 - t2) + ", rest " + ms(t4 - t3) + "): " + options + ", native=" + nativeLoaded);
        }
    }

    private static String ms(long nanos) {
        return Long.toString(nanos / 1_000_000);
    }

    /**
     * Hooks Thread (already loaded) and ManagementFactory (loaded here without being
     * initialised, so that the hook is in place whoever creates the platform MBeanServer).
     * The transformer is removed afterwards: a registered transformer makes every later
     * class load pay for a copy of its bytes.
     */
    private static void instrument(Instrumentation inst) throws Exception {
        HookTransformer transformer = new HookTransformer();
        inst.addTransformer(transformer, true);
        try {
            inst.retransformClasses(Thread.class);
            int before = transformer.transformedMethods();
            try {
                Class<?> factory = Class.forName("java.lang.management.ManagementFactory", false, null);
                if (transformer.transformedMethods() == before) {
                    inst.retransformClasses(factory); // it was loaded before us
                }
            } catch (ClassNotFoundException noJavaManagement) {
                Log.debug("java.management is not in this runtime: no JMX");
            }
        } finally {
            inst.removeTransformer(transformer);
        }
        if (transformer.transformedMethods() < 2) {
            Log.warn("Thread.start() could not be instrumented: creators and stacks will be missing");
        }
    }
}
