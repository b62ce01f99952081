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
        List<List<String>> log = xlogOfAStart("class+load", " dev.threadscope.agent.Agent ",
                " dev.threadscope.agent.Installer ");
        assertEquals(List.of(), containing(log.get(1), "LambdaForm$", "$$Lambda"), "classes spun to invoke premain");
    }

    /**
     * JDK facilities a hello world never initialises, whose first use costs about a millisecond
     * each (measured on 17 and 25, docs/performance.md): the VarHandle machinery (a LongAdder or
     * an Atomic*Array would bring it), DataOutputStream's ByteArray (JDK 21+), the NIO default
     * file system. Premain must not be what initialises them: checked in the class-initialisation
     * log of a real start, between our entry class and the application's main class.
     */
    @Test
    void premainInitialisesNoVarHandleNorFileSystem() throws Exception {
        String[] costly = {"'java/util/concurrent/atomic/Striped64'", "'java/lang/invoke/VarHandles'",
            "'jdk/internal/util/ByteArray'", "'java/nio/file/FileSystems$DefaultFileSystemHolder'"};
        List<List<String>> log = xlogOfAStart("class+init", "'dev/threadscope/agent/Agent'",
                "'dev/threadscope/testapp/Noop'");
        assertEquals(List.of(), containing(log.get(0), costly),
                "initialised by the JVM before premain: this test can no longer tell");
        assertEquals(List.of(), containing(log.get(1), costly), "initialised at premain");
    }

    /**
     * Only the entry point and its loader come from the system class loader (where the JVM puts
     * the agent jar, at the end of the application's class path); every other class of ours is
     * defined by the agent's own loader, straight from the jar (AgentLoader: cheaper per class at
     * start-up, and nothing on the application's class path can stand in for one of ours).
     */
    @Test
    void onlyTheEntryPointIsLoadedFromTheApplicationClassPath() throws Exception {
        List<String> lines = xlogOfAStart("class+load", "debug", " dev.threadscope.agent.Agent ",
                " dev.threadscope.testapp.Noop ").get(1);
        List<String> appLoader = new ArrayList<>();
        int ours = 0;
        for (int i = 0; i + 1 < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.contains(" dev.threadscope.") || !line.contains("source: ")) {
                continue;
            }
            String loader = lines.get(i + 1);
            String name = line.substring(line.indexOf(" dev.threadscope.") + 1, line.indexOf(" source: "));
            if (loader.contains("'dev/threadscope/agent/AgentLoader'")) {
                ours++;
            } else {
                assertTrue(loader.contains("AppClassLoader"), "unexpected loader for " + name + ": " + loader);
                appLoader.add(name);
            }
        }
        assertEquals(List.of("dev.threadscope.agent.Agent", "dev.threadscope.agent.AgentLoader"), appLoader);
        assertTrue(ours > 20, ours + " classes from the agent's loader");
    }

    /**
     * No lambda of ours is spun in a hello world, at premain or after (the first lambda spins
     * method-handle classes, ~1 ms: a thread end's housekeeping once did, at main's end).
     */
    @Test
    void aHelloWorldSpinsNoLambdaOfOurs() throws Exception {
        List<String> whole = xlogOfAStart("class+load", "info", " dev.threadscope.agent.Agent ", null).get(1);
        assertEquals(List.of(), containing(whole, "$$Lambda").stream().filter(l -> l.contains(" dev.threadscope."))
                .collect(java.util.stream.Collectors.toList()));
    }

    /**
     * A signed agent jar: the agent's own loader reads the jar as a plain zip, which checks no
     * signature, so it is not used and the system class loader (which does) loads everything.
     */
    @Test
    void aSignedJarIsLoadedByTheSystemClassLoaderWhichChecksSignatures() throws Exception {
        Path dir = Files.createTempDirectory("threadscope-signed");
        Path keystore = dir.resolve("keys.p12");
        Path signed = dir.resolve("threadscope-agent.jar");
        Path log = dir.resolve("xlog.txt");
        Path bin = Path.of(ChildJvm.JAVA).getParent();
        try {
            run(List.of(bin.resolve("keytool").toString(), "-genkeypair", "-alias", "ts", "-keyalg", "EC",
                    "-dname", "CN=threadscope test", "-validity", "2", "-keystore", keystore.toString(),
                    "-storetype", "PKCS12", "-storepass", "secret1", "-keypass", "secret1"));
            run(List.of(bin.resolve("jarsigner").toString(), "-keystore", keystore.toString(), "-storepass", "secret1",
                    "-signedjar", signed.toString(), ChildJvm.AGENT_JAR.toAbsolutePath().toString(), "ts"));
            List<String> cmd = List.of(ChildJvm.JAVA, "-Xlog:class+load=debug:file=" + log, "-javaagent:" + signed,
                    "-cp", ChildJvm.APP_CLASSES, "dev.threadscope.testapp.Noop");
            try (ChildJvm child = ChildJvm.exec(cmd, java.util.Map.of())) {
                assertEquals(0, child.waitFor(60), child.stderr());
                assertEquals("", child.stderr());
            }
            List<String> lines = Files.readAllLines(log);
            int i = indexOf(lines, " dev.threadscope.core.Registry source: ");
            assertTrue(i >= 0 && lines.get(i + 1).contains("AppClassLoader"), i < 0 ? "Registry not loaded" : lines.get(i + 1));
        } finally {
            for (Path p : List.of(keystore, signed, log, dir)) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }

    private static List<List<String>> xlogOfAStart(String what, String from, String to) throws Exception {
        return xlogOfAStart(what, "info", from, to);
    }

    /**
     * A real start's {@code -Xlog:what} lines, as two parts: before the first line containing
     * {@code from}, and from it up to the first line containing {@code to} (null: to the end).
     */
    private static List<List<String>> xlogOfAStart(String what, String level, String from, String to)
            throws Exception {
        // A fresh name in a fresh directory: the JVM renames a log file that already exists to
        // NAME.0 before writing, which would be left behind.
        Path dir = Files.createTempDirectory("threadscope-xlog");
        Path log = dir.resolve("xlog.txt");
        try (ChildJvm child = ChildJvm.start("", List.of("-Xlog:" + what + "=" + level + ":file=" + log),
                "dev.threadscope.testapp.Noop")) {
            assertEquals(0, child.waitFor(60), child.stderr());
            List<String> lines = Files.readAllLines(log);
            int a = indexOf(lines, from);
            int b = to == null ? lines.size() : indexOf(lines, to); // null: to the end of the run
            assertTrue(a >= 0 && b > a, from + " and " + to + " not in the log:\n" + String.join("\n", lines));
            return List.of(lines.subList(0, a), lines.subList(a, b));
        } finally {
            Files.deleteIfExists(log);
            Files.deleteIfExists(dir);
        }
    }

    private static List<String> containing(List<String> lines, String... parts) {
        List<String> found = new ArrayList<>();
        for (String line : lines) {
            for (String part : parts) {
                if (line.contains(part)) {
                    found.add(line);
                    break;
                }
            }
        }
        return found;
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
