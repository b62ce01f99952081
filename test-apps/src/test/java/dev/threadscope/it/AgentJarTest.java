package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/** The jar is one self-contained file that can clash with nothing in a host application. */
class AgentJarTest {

    @Test
    void everyEntryIsOursOrMetaInf() throws Exception {
        List<String> foreign = new ArrayList<>();
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                if (!e.getName().startsWith("dev/threadscope/") && !e.getName().startsWith("META-INF/")
                        && !e.getName().equals("dev/")) {
                    foreign.add(e.getName());
                }
            }
            assertEquals(List.of(), foreign);
            assertNotNull(jar.getEntry("dev/threadscope/native/linux-x86_64/libthreadscope.so"));
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("dev.threadscope.agent.Agent", main.getValue("Premain-Class"));
            assertEquals("dev.threadscope.agent.Agent", main.getValue("Agent-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
            assertEquals("true", main.getValue("Can-Redefine-Classes"));
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("org/")));
        }
    }

    /**
     * The JVM calls premain through core reflection, which on JDK 18+ spins method-handle classes
     * for a new signature (~5 ms of start-up); premain is flagged ACC_VARARGS by the build so that
     * reflection uses the JVM's native invoker instead. Checked in the class-loading log of a real
     * start: no LambdaForm class may be spun between our entry class and the installer it calls.
     */
    @Test
    void premainIsInvokedWithoutSpinningMethodHandleClasses() throws Exception {
        Path log = Files.createTempFile("threadscope-classload", ".txt");
        try (ChildJvm child = ChildJvm.start("", List.of("-Xlog:class+load=info:file=" + log),
                "dev.threadscope.testapp.Noop")) {
            assertEquals(0, child.waitFor(60), child.stderr());
            List<String> lines = Files.readAllLines(log);
            int agent = indexOf(lines, " dev.threadscope.agent.Agent ");
            int installer = indexOf(lines, " dev.threadscope.agent.Installer ");
            assertTrue(agent >= 0 && installer > agent, "agent classes not in the log:\n" + String.join("\n", lines));
            List<String> spun = new ArrayList<>();
            for (String line : lines.subList(agent, installer)) {
                if (line.contains("LambdaForm$") || line.contains("$$Lambda")) {
                    spun.add(line);
                }
            }
            assertEquals(List.of(), spun, "classes spun to invoke premain");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }
}
