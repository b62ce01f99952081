package dev.threadscope.jmx;

import javax.management.InstanceAlreadyExistsException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import dev.threadscope.core.AgentState;
import dev.threadscope.core.Log;
import dev.threadscope.locals.LocalsInspector;

/** threadscope's MBean names, and their registration. */
public final class MBeans {
    public static final ObjectName THREADS = name("dev.threadscope:type=Threads");
    public static final ObjectName UNCAUGHT = name("dev.threadscope:type=UncaughtExceptions");
    public static final ObjectName LOCALS = name("dev.threadscope:type=ThreadLocals");

    private MBeans() {
    }

    static void registerAll(MBeanServer server, AgentState agent) throws Exception {
        ThreadsBean threads = new ThreadsBean(agent.registry(), agent.options(), agent.nativeLoaded());
        register(server, new Described(threads, ThreadsMXBean.class, threads, Descriptions.THREADS_BEAN,
                Descriptions.THREADS), THREADS);
        UncaughtBean uncaught = new UncaughtBean(agent.uncaught(), agent.lostFutures());
        register(server, new Described(uncaught, UncaughtExceptionsMXBean.class, uncaught, Descriptions.UNCAUGHT_BEAN,
                Descriptions.UNCAUGHT), UNCAUGHT);
        ThreadLocalsBean locals = new ThreadLocalsBean(agent.registry(),
                new LocalsInspector(agent.origins(), "show".equals(agent.options().get("values"))),
                agent.options().get("values"));
        register(server, new Described(locals, ThreadLocalsMXBean.class, new javax.management.NotificationBroadcasterSupport(),
                Descriptions.LOCALS_BEAN, Descriptions.LOCALS), LOCALS);
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
