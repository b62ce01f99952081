package dev.threadscope.agent;

import java.lang.instrument.Instrumentation;
import java.util.function.Consumer;


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
     * loader when running from a class directory or a signed jar, or if that loader cannot be
     * made, e.g. under a SecurityManager that does not allow it) and runs it. Both are made once:
     * the agent named twice on the command line gets the same Installer, which then says so.
     * Installer reports its own failures; this only what stops it from being reached.
     */
    @SuppressWarnings("unchecked")
    private static synchronized void start(String args, Instrumentation inst, boolean atStartup) {
        try {
            if (installer == null) {
                try {
                    loader = AgentLoader.forAgentJar();
                } catch (Throwable cannot) {
                    loader = null;
                }
                Class<?> c = Class.forName(INSTALLER, true, loader != null ? loader : Agent.class.getClassLoader());
                // Its constructor is flagged ACC_VARARGS too: a native constructor call, no method handles.
                installer = (Consumer<Object[]>) c.getDeclaredConstructor().newInstance();
            }
            installer.accept(new Object[] {args, inst, atStartup, loader == null ? null : loader.jar()});
        } catch (Throwable t) {
            // Not Log: that would be a second copy, in this loader, whose level options never set.
            if (args == null || !args.replace(" ", "").toLowerCase(java.util.Locale.ROOT).contains("log=quiet")) {
                System.err.println("[threadscope] not started: " + t);
            }
        }
    }
}
