package dev.threadscope.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/** Reads threadscope's MBeans the way a generic console does: open data only. */
final class Jmx {
    static final ObjectName THREADS = name("dev.threadscope:type=Threads");
    static final ObjectName UNCAUGHT = name("dev.threadscope:type=UncaughtExceptions");

    private final MBeanServerConnection server;

    Jmx(MBeanServerConnection server) {
        this.server = server;
    }

    /**
     * What breaks started = ended + live, per kind, or "" once the three reads agree: separate
     * reads, not one snapshot, so a thread (the JMX connection's own) may start or end between
     * them; read again, up to 2 s, until a quiet moment.
     */
    String imbalance() throws Exception {
        String differs = "";
        for (int attempt = 0; attempt < 20; attempt++) {
            Map<String, Long> started = counts("StartedCounts");
            Map<String, Long> ended = counts("EndedCounts");
            Map<String, Long> live = counts("LiveCounts");
            differs = "";
            for (String kind : started.keySet()) {
                long e = ended.getOrDefault(kind, 0L);
                long l = live.getOrDefault(kind, 0L);
                if (started.get(kind) != e + l) {
                    differs += kind + ": started " + started.get(kind) + ", ended " + e + ", live " + l + "; ";
                }
            }
            if (differs.isEmpty()) {
                return "";
            }
            Thread.sleep(100);
        }
        return differs;
    }

    Object attribute(String name) throws Exception {
        return server.getAttribute(THREADS, name);
    }

    Object uncaught(String attribute) throws Exception {
        return server.getAttribute(UNCAUGHT, attribute);
    }

    List<CompositeData> rows(String attribute) throws Exception {
        return list(attribute(attribute));
    }

    /** The live row of the thread with this name; fails if there is none. */
    CompositeData live(String threadName) throws Exception {
        return find(rows("Threads"), threadName);
    }

    Map<String, Long> counts(String attribute) throws Exception {
        return counts(attribute(attribute));
    }

    /** A {@code Map<String, Long>} attribute as an MXBean sends it: rows of key and value. */
    static Map<String, Long> counts(Object tabular) {
        Map<String, Long> out = new HashMap<>();
        for (Object row : ((TabularData) tabular).values()) {
            CompositeData c = (CompositeData) row;
            out.put((String) c.get("key"), (Long) c.get("value"));
        }
        return out;
    }

    Object invoke(String op, Object arg, String type) throws Exception {
        return server.invoke(THREADS, op, new Object[] {arg}, new String[] {type});
    }

    static CompositeData find(List<CompositeData> rows, String threadName) {
        for (CompositeData row : rows) {
            if (threadName.equals(row.get("name"))) {
                return row;
            }
        }
        throw new AssertionError("no row named '" + threadName + "' among " + names(rows));
    }

    static List<String> names(List<CompositeData> rows) {
        List<String> names = new ArrayList<>();
        for (CompositeData row : rows) {
            names.add(row.get("name") + ":" + row.get("kind"));
        }
        return names;
    }

    static List<CompositeData> list(Object value) {
        List<CompositeData> out = new ArrayList<>();
        for (Object o : (Object[]) value) {
            out.add((CompositeData) o);
        }
        return out;
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
