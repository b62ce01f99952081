package dev.threadscope.agent;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipFile;

import dev.threadscope.core.AfterGc;
import dev.threadscope.core.AgentState;
import dev.threadscope.core.FallbackScanner;
import dev.threadscope.core.Log;
import dev.threadscope.core.LostFutures;
import dev.threadscope.core.PureJavaEvents;
import dev.threadscope.core.Registry;
import dev.threadscope.core.Threads;
import dev.threadscope.core.UncaughtLog;
import dev.threadscope.instrument.Bridge;
import dev.threadscope.instrument.BridgeDefiner;
import dev.threadscope.instrument.Instrumenter;
import dev.threadscope.jmx.JmxRegistrar;
import dev.threadscope.locals.Origins;
import dev.threadscope.nativelib.NativeLibrary;

/**
 * The installation order (see docs/design.md): options; the registry with the main thread;
 * the bridge, its sinks and the JDK hooks; the JVMTI library (or the fallback); the threads
 * already running; the default uncaught-exception handler; the lazy JMX registration.
 * Everything that can wait, waits.
 */
public final class Installer implements Consumer<Object[]> {
    private static boolean installed;

    /** For {@link Agent}, which runs in another class loader (the build flags it ACC_VARARGS). */
    public Installer() {
    }

    /** {@code {String args, Instrumentation inst, Boolean atStartup, ZipFile agentJarOrNull}}; never throws. */
    @Override
    public void accept(Object[] a) {
        try {
            install((String) a[0], (Instrumentation) a[1], (Boolean) a[2], (ZipFile) a[3]);
        } catch (Throwable t) {
            Log.warn("not started: " + t);
        }
    }

    static synchronized void install(String args, Instrumentation inst, boolean atStartup, ZipFile agentJar)
            throws Exception {
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

        Registry registry = new Registry(options.history(), options.stacks(), options.trackVirtual());
        boolean virtualBefore = !atStartup && Runtime.version().feature() >= 21;
        if (virtualBefore) {
            registry.countVirtualThreadsFrom(Long.MAX_VALUE); // none until the hooks are in (below)
        }
        Thread main = atStartup ? Thread.currentThread() : MainThread.find();
        if (main != null) {
            registry.setMain(main, -1);
        }
        UncaughtLog uncaught = new UncaughtLog(registry, options.history());
        LostFutures lost = options.futures() ? new LostFutures(registry, options.history()) : null;
        Origins origins = new Origins();
        try (AgentJar jar = AgentJar.of(agentJar)) {
            BridgeDefiner.openJavaLang(inst);
            Bridge bridge = BridgeDefiner.define(jar.bytes("dev/threadscope/bootstrap/ThreadscopeBridge.class"));
            if (bridge.sink("starting") != null) {
                Log.info("already loaded in this JVM (another copy of the agent); this one does nothing");
                return;
            }
            if (bridge.writingStaticArchive()) {
                Log.info("not started: this JVM is writing an AOT cache or CDS archive (a training run), which "
                        + "instrumenting JDK classes would break; threadscope runs in the runs that use the cache");
                return;
            }
            // Plain classes, not lambdas: the first lambda costs milliseconds of start-up.
            bridge.setSink("startFailed", new Sinks(Sinks.START_FAILED, registry, uncaught, lost));
            bridge.setSink("started", new Sinks(Sinks.STARTED, registry, uncaught, lost));
            bridge.setSink("starting", new Sinks(Sinks.STARTING, registry, uncaught, lost));
            bridge.setSink("exiting", new Sinks(Sinks.EXITING, registry, uncaught, lost));
            bridge.setSink("attached", new Sinks(Sinks.ATTACHED, registry, uncaught, lost));
            bridge.setSink("uncaught", new Sinks(Sinks.UNCAUGHT, registry, uncaught, lost));
            bridge.setSink("threadLocalCreated", origins);
            origins.setInitialized(bridge);
            bridge.setSink("virtualStarting", new Sinks(Sinks.VIRTUAL_STARTING, registry, uncaught, lost));
            bridge.setSink("virtualEnded", new Sinks(Sinks.VIRTUAL_ENDED, registry, uncaught, lost));
            if (lost != null) {
                bridge.setSink("futureFailed", new Sinks(Sinks.FUTURE_FAILED, registry, uncaught, lost));
                bridge.setSink("futureRetrieved", new Sinks(Sinks.FUTURE_RETRIEVED, registry, uncaught, lost));
                registry.setEndHook(new Sinks(Sinks.POLL_LOST, registry, uncaught, lost));
            }
            long t1 = System.nanoTime();
            int hooked = Instrumenter.install(inst, lost != null, bridge.canStartThreads());
            if (virtualBefore) {
                // Virtual threads made from now on are counted; any made before may have started
                // unseen (ids grow, and are never reused): neither their start nor their end counts.
                registry.countVirtualThreadsFrom(new Thread().getId());
            }
            if ((hooked & Instrumenter.START) == 0) {
                Log.warn("Thread.start() could not be instrumented: creators and stacks will be missing");
            }
            long t2 = System.nanoTime();

            boolean nativeLoaded = false;
            NativeLibrary lib = new NativeLibrary(bridge, (hooked & Instrumenter.EXIT) == 0,
                    (hooked & (Instrumenter.START | Instrumenter.ATTACH)) == (Instrumenter.START | Instrumenter.ATTACH));
            String why = "native=off";
            if (options.nativeEnabled()) {
                why = lib.start(jar.zip(), registry);
                nativeLoaded = why == null;
            }
            if (!nativeLoaded) {
                Log.info("native library not loaded (" + why + "); pure-Java fallback: kernel thread ids unknown, "
                        + "threads the JVM starts itself found by enumeration every second");
            }
            registry.setEvents(nativeLoaded ? lib.events() : new PureJavaEvents());
            long t3 = System.nanoTime();
            if (main != null && atStartup) { // premain runs on main; agentmain on the Attach Listener
                registry.learnOsThreadId(main, lib.currentOsThreadId());
            }
            for (Thread t : Threads.all()) {
                registry.adopt(t, null, -1);
            }
            // After the snapshot: JFR's classes load with the first event, not at premain.
            JfrRecorder jfr = new JfrRecorder();
            registry.setRecorder(jfr);
            uncaught.setRecorder(jfr);
            AfterGc.start(registry, bridge.cleaner());
            if (lost != null) {
                lost.useCleaner(bridge.cleaner());
            }
            if (!nativeLoaded) {
                FallbackScanner.start(registry);
            }
            Thread.setDefaultUncaughtExceptionHandler(
                    new DefaultHandler(uncaught, Thread.getDefaultUncaughtExceptionHandler()));
            JmxRegistrar jmx = new JmxRegistrar(new AgentState(registry, uncaught, lost, origins, options.asMap(),
                    nativeLoaded));
            bridge.setSink("platformServer", jmx);
            installed = true;
            if (!atStartup) {
                jmx.run(); // an application already running: register now, not on some later call
            }
            long t4 = System.nanoTime();
            if (Log.debugEnabled()) {
                Log.debug("installed in " + ms(t4 - t0) + " ms (bridge " + ms(t1 - t0) + ", hooks " + ms(t2 - t1)
                        + ", native " + ms(t3 - t2) + ", rest " + ms(t4 - t3) + "): " + options + ", native="
                        + nativeLoaded);
            }
        }
    }

    private static String ms(long nanos) {
        return Long.toString(nanos / 1_000_000);
    }
}
