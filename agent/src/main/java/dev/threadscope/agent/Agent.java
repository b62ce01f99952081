package dev.threadscope.agent;

import java.lang.instrument.Instrumentation;
import java.util.function.Consumer;

import dev.threadscope.core.Log;

/**
 * Entry points. Never throws: a throw from premain would stop the host JVM from starting.
 *
 * <p>Everything else is loaded by {@link AgentLoader}, and entered through {@link Installer}.
 *
 * <p>The build flags {@code premain} and {@code agentmain} ACC_VARARGS in the class file
 * ({@link dev.threadscope.instrument.VarargsEntryPoints}): the JVM then invokes them through its native
 * reflection, without spinning method-handle classes (~5 ms of start-up on JDK 18+).
 */
public final class Agent {
    private static final String INSTALLER = "dev.threadscope.agent.Installer";

    private static Consumer<Object[]> installer;
    private static AgentLoader loader;

    private Agent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    /**
     * Loads {@link Installer} in the agent's own loader ({@link AgentLoader}; in this class's
     * loader when running from a class directory) and runs it. Both are made once: the agent
     * named twice on the command line gets the same Installer, which then says so.
     */
    @SuppressWarnings("unchecked")
    private static synchronized void start(String args, Instrumentation inst, boolean atStartup) {
        try {
            if (installer == null) {
                loader = AgentLoader.forAgentJar();
                Class<?> c = Class.forName(INSTALLER, true, loader != null ? loader : Agent.class.getClassLoader());
                // Its constructor is flagged ACC_VARARGS too: a native constructor call, no method handles.
                installer = (Consumer<Object[]>) c.getDeclaredConstructor().newInstance();
            }
            installer.accept(new Object[] {args, inst, atStartup, loader == null ? null : loader.jar()});
        } catch (Throwable t) {
            Log.warn("not started: " + t);
        }
    }
}
