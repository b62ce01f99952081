package dev.threadscope.agent;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.threadscope.core.FallbackScanner;
import dev.threadscope.core.Log;
import dev.threadscope.core.Registry;
import dev.threadscope.core.Threads;
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
        List<String> problems = new ArrayList<>();
        Options options = Options.parse(args, problems::add);
        Log.setLevel(options.logLevel());
        problems.forEach(Log::info);

        Registry registry = new Registry(options.history(), options.stacks());
        Thread main = atStartup ? Thread.currentThread() : MainThread.find();
        if (main != null) {
            registry.setMain(main, -1);
        }
        try (AgentJar jar = AgentJar.open()) {
            BridgeDefiner.openJavaLang(inst);
            Class<?> bridge = BridgeDefiner.define(jar.bytes("dev/threadscope/bootstrap/ThreadscopeBridge.class"));
            if (bridge.getField("starting").get(null) != null) {
                Log.info("already loaded in this JVM (another copy of the agent); this one does nothing");
                return;
            }
            Consumer<Thread> starting = registry::threadStarting;
            Consumer<Thread> startFailed = registry::threadStartFailed;
            bridge.getField("startFailed").set(null, startFailed);
            bridge.getField("starting").set(null, starting);
            instrument(inst);

            boolean nativeLoaded = false;
            NativeLibrary lib = new NativeLibrary(bridge);
            if (options.nativeEnabled()) {
                String error = lib.start(jar.zip(), registry);
                nativeLoaded = error == null;
                if (!nativeLoaded) {
                    Log.info("native library not loaded (" + error + "); pure-Java fallback: threads found by "
                            + "enumeration every second, alien threads seen only while alive");
                }
            }
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
            bridge.getField("platformServer").set(null, jmx);
            installed = true;
            if (!atStartup) {
                jmx.run(); // an application already running: register now, not on some later call
            }
            Log.debug("installed: " + options + ", native=" + nativeLoaded);
        }
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
