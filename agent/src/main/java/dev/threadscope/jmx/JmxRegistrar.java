package dev.threadscope.jmx;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.threadscope.core.Log;
import dev.threadscope.core.Registry;

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

    private final AtomicInteger state = new AtomicInteger(ARMED);
    private final Registry registry;
    private final Map<String, String> options;
    private final boolean nativeLoaded;

    public JmxRegistrar(Registry registry, Map<String, String> options, boolean nativeLoaded) {
        this.registry = registry;
        this.options = options;
        this.nativeLoaded = nativeLoaded;
    }

    @Override
    public void run() {
        if (state.get() != ARMED || !state.compareAndSet(ARMED, BUSY)) {
            return;
        }
        try {
            MBeans.registerAll(ManagementFactory.getPlatformMBeanServer(), registry, options, nativeLoaded);
        } catch (Throwable t) {
            Log.warn("could not register the MBeans: " + t);
        } finally {
            state.set(DONE);
        }
    }

    public boolean registered() {
        return state.get() == DONE;
    }
}
