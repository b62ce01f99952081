package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.management.MBeanServerConnection;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.Test;

/**
 * Creation stacks are shared after a GC (resolved on the JDK's cleaner thread): the text a
 * console reads must not change when that happens, for live threads and for ended ones.
 */
class CreationStacksTest {

    @Test
    void stacksReadTheSameBeforeAndAfterTheyAreShared() throws Exception {
        try (ChildJvm child = ChildJvm.sample("log=debug", "--stay").awaitLine("ready", 60)) {
            MBeanServerConnection server = child.jmx();
            Jmx jmx = new Jmx(server);
            Map<String, String[]> before = new LinkedHashMap<>();
            for (String name : new String[] {"sample-user", "sample-daemon", "sample-child"}) {
                before.put(name, stack(jmx, Jmx.find(jmx.rows("Threads"), name)));
            }
            before.put("sample-short", stack(jmx, Jmx.find(jmx.rows("RecentlyEnded"), "sample-short")));
            for (String[] stack : before.values()) {
                assertTrue(stack.length > 2 && stack[0].contains("java.lang.Thread.start"), Arrays.toString(stack));
            }

            MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME,
                    MemoryMXBean.class);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!child.stderr().contains("creation stacks resolved")) {
                assertTrue(System.nanoTime() < deadline, "no pass after GCs; stderr:\n" + child.stderr());
                memory.gc();
                Thread.sleep(250);
            }

            for (Map.Entry<String, String[]> e : before.entrySet()) {
                String name = e.getKey();
                CompositeData row = name.equals("sample-short") ? Jmx.find(jmx.rows("RecentlyEnded"), name)
                        : Jmx.find(jmx.rows("Threads"), name);
                assertArrayEquals(e.getValue(), stack(jmx, row), name);
            }
            assertTrue(child.stderr().matches("(?s).*after a GC: \\d+ creation stacks resolved in \\d+ us; \\d+ distinct"
                    + " stacks held.*"), child.stderr());
        }
    }

    private static String[] stack(Jmx jmx, CompositeData row) throws Exception {
        return (String[]) jmx.invoke("creationStack", row.get("id"), "long");
    }
}
