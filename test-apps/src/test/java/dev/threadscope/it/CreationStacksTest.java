package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;

import javax.management.MBeanServerConnection;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.Test;

/**
 * Creation stacks are shared after a GC (resolved on the JDK's cleaner thread): after a pass
 * that resolved stacks, a console still reads the right ones. (That sharing keeps the text
 * exactly as it was is SharedStacksTest's job.)
 */
class CreationStacksTest {

    @Test
    void stacksStayReadableAndRightWhenShared() throws Exception {
        try (ChildJvm child = ChildJvm.sample("log=debug", "--stay").awaitLine("ready", 60)) {
            MBeanServerConnection server = child.jmx();
            Jmx jmx = new Jmx(server);
            MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME,
                    MemoryMXBean.class);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (passes(child) == 0) { // a pass that resolved stacks (the sample's threads are older than any pass)
                assertTrue(System.nanoTime() < deadline, "no pass after GCs; stderr:\n" + child.stderr());
                memory.gc();
                Thread.sleep(250);
            }
            assertTrue(child.stderr().matches("(?s).*after a GC: \\d+ creation stacks resolved in \\d+ us; \\d+ distinct"
                    + " stacks held.*"), child.stderr());
            // by now the sample's long-lived threads (started before the first pass) are shared
            for (String name : new String[] {"sample-user", "sample-daemon", "sample-child"}) {
                String[] stack = stack(jmx, Jmx.find(jmx.rows("Threads"), name));
                assertTrue(stack.length > 2 && stack[0].contains("java.lang.Thread.start"), name + Arrays.toString(stack));
                assertTrue(Arrays.stream(stack).anyMatch(f -> f.contains("dev.threadscope.testapp.SampleApp.")),
                        name + Arrays.toString(stack));
                assertFalse(Arrays.stream(stack).anyMatch(f -> f.contains("threadscope.core")
                        || f.contains("ThreadscopeBridge")), name + Arrays.toString(stack));
            }
            // an ended thread keeps its own (unshared) stack
            String[] ended = stack(jmx, Jmx.find(jmx.rows("RecentlyEnded"), "sample-short"));
            assertTrue(ended.length > 2 && ended[0].contains("java.lang.Thread.start"), Arrays.toString(ended));
        }
    }

    private static long passes(ChildJvm child) throws Exception {
        return child.stderr().lines().filter(l -> l.contains("creation stacks resolved")).count();
    }

    private static String[] stack(Jmx jmx, CompositeData row) throws Exception {
        return (String[]) jmx.invoke("creationStack", row.get("id"), "long");
    }
}
