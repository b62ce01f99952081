package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
