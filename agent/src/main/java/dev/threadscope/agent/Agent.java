package dev.threadscope.agent;

import java.lang.instrument.Instrumentation;

import dev.threadscope.core.Log;

/**
 * Entry points. Never throws: a throw from premain would stop the host JVM from starting.
 *
 * <p>The build flags {@code premain} and {@code agentmain} ACC_VARARGS in the class file
 * ({@link dev.threadscope.instrument.VarargsEntryPoints}): the JVM then invokes them through its native
 * reflection, without spinning method-handle classes (~5 ms of start-up on JDK 18+).
 */
public final class Agent {
    private Agent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    private static void start(String args, Instrumentation inst, boolean atStartup) {
        try {
            Installer.install(args, inst, atStartup);
        } catch (Throwable t) {
            Log.warn("not started: " + t);
        }
    }
}
