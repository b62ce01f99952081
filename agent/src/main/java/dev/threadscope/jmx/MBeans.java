package dev.threadscope.jmx;

import java.util.Map;

import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import dev.threadscope.core.Log;
import dev.threadscope.core.Registry;

/** threadscope's MBean names, and their registration. */
public final class MBeans {
    public static final ObjectName THREADS = name("dev.threadscope:type=Threads");

    private MBeans() {
    }

    static void registerAll(MBeanServer server, Registry registry, Map<String, String> options, boolean nativeLoaded)
            throws Exception {
        register(server, new ThreadsBean(registry, options, nativeLoaded), THREADS);
    }

    private static void register(MBeanServer server, Object bean, ObjectName name) throws Exception {
        try {
            server.registerMBean(bean, name);
        } catch (InstanceAlreadyExistsException e) {
            Log.debug(name + " is already registered (threadscope loaded twice?)");
        }
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
