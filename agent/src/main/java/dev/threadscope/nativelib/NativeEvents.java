package dev.threadscope.nativelib;

import dev.threadscope.core.Registry;

/**
 * The sink the JVMTI library calls (by name, see native/threadscope.h): one static
 * method per event, running on the thread concerned. Never throws.
 */
public final class NativeEvents {
    private static volatile Registry registry;

    private NativeEvents() {
    }

    static void bind(Registry r) {
        registry = r;
    }

    static void threadStarted(Thread thread, long osThreadId) {
        Registry r = registry;
        if (r != null && thread != null) {
            try {
                r.threadStarted(thread, osThreadId);
            } catch (Throwable ignored) {
                // a bug of ours must not reach the starting thread
            }
        }
    }

    static void threadEnded(Thread thread, long osThreadId) {
        Registry r = registry;
        if (r != null && thread != null) {
            try {
                r.threadEnded(thread);
            } catch (Throwable ignored) {
                // a bug of ours must not reach the ending thread
            }
        }
    }
}
