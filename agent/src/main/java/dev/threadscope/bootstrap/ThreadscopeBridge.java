package dev.threadscope.bootstrap;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What the instrumented JDK methods call. At run time this class is defined into the boot
 * loader as {@code java.lang.ThreadscopeBridge} (see {@code BridgeDefiner}), so it may refer
 * to JDK types only, must not use lambdas or nested classes, and must not name itself in a
 * descriptor. Every hook is a null check and a call that can never throw into the JDK method.
 */
public final class ThreadscopeBridge {
    /** {@code Thread.start()} (both overloads) is about to start the thread. */
    public static volatile Consumer<Thread> starting;
    /** {@code Thread.start()} threw: the thread did not start. */
    public static volatile Consumer<Thread> startFailed;
    /** {@code Thread.dispatchUncaughtException}: the thread and the throwable. */
    public static volatile BiConsumer<Thread, Throwable> uncaught;
    /** {@code ManagementFactory.getPlatformMBeanServer()} was entered. */
    public static volatile Runnable platformServer;

    private ThreadscopeBridge() {
    }

    public static void threadStarting(Thread thread) {
        Consumer<Thread> sink = starting;
        if (sink != null) {
            try {
                sink.accept(thread);
            } catch (Throwable ignored) {
                // never into Thread.start()
            }
        }
    }

    public static void threadStartFailed(Thread thread) {
        Consumer<Thread> sink = startFailed;
        if (sink != null) {
            try {
                sink.accept(thread);
            } catch (Throwable ignored) {
                // the original exception is rethrown by the caller
            }
        }
    }

    public static void uncaughtException(Thread thread, Throwable error) {
        BiConsumer<Thread, Throwable> sink = uncaught;
        if (sink != null) {
            try {
                sink.accept(thread, error);
            } catch (Throwable ignored) {
                // the JVM's own dispatch follows
            }
        }
    }

    public static void platformServerRequested() {
        Runnable sink = platformServer;
        if (sink != null) {
            try {
                sink.run();
            } catch (Throwable ignored) {
                // the application's own call proceeds
            }
        }
    }

    /**
     * Loads the JVMTI library from java.base, so that it belongs to the boot loader: no
     * JEP 472 native-access warning, and JNI_OnLoad can bind the natives below by name.
     */
    public static void load(String path) {
        System.load(path);
    }

    /** Turns JVMTI ThreadStart/ThreadEnd on, calling {@code sink}; null or an error message. */
    public static native String nativeStart(Class<?> sink);

    /** The kernel's id of the calling thread. */
    public static native long osThreadId();
}
