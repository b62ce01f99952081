package dev.threadscope.jmx;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;

import dev.threadscope.core.Log;
import dev.threadscope.core.AgentState;

/**
 * Registers threadscope's MBeans in the platform MBeanServer the moment that server comes
 * into being, whoever asks for it first (the application, jcmd, the Attach API, a console).
 * An application that never touches JMX never pays for it: this class is all that is loaded
 * until then. Runs inside the hooked {@code ManagementFactory.getPlatformMBeanServer()},
 * which is synchronized, so nobody gets the server before our beans are in it; the nested
 * call below re-enters the hook and finds us busy.
 */
public final class JmxRegistrar implements Runnable {
    private static final int ARMED = 0;
    private static final int BUSY = 1;
    private static final int DONE = 2;

    private final AtomicInteger phase = new AtomicInteger(ARMED);
    private final AgentState state;

    public JmxRegistrar(AgentState state) {
        this.state = state;
    }

    @Override
    public void run() {
        if (phase.get() != ARMED || !phase.compareAndSet(ARMED, BUSY)) {
            return;
        }
        try {
            MBeans.registerAll(ManagementFactory.getPlatformMBeanServer(), state);
        } catch (Throwable t) {
            Log.warn("could not register the MBeans: " + t);
        } finally {
            phase.set(DONE);
        }
    }

    public boolean registered() {
        return phase.get() == DONE;
    }
}
