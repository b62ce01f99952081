package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;

/**
 * JDK 25's AOT cache (JEP 483/514) with the agent on the command line. A training run that
 * redefines java.lang.Thread crashes JDK 25.0.3's archive writer (SIGSEGV in
 * SystemDictionaryShared::serialize_vm_classes), so threadscope stays out of training runs;
 * the cache they make then serves the runs that use it, with threadscope in full.
 */
class AotCacheTest {

    @Test
    void trainingRunWithTheAgentMakesACacheThatARunWithTheAgentUses() throws Exception {
        assumeTrue(ChildJvm.JAVA_VERSION >= 25, "-XX:AOTCacheOutput is JDK 25+");
        Path dir = Files.createTempDirectory("threadscope-aot");
        try {
            trainAndRun(dir);
        } finally {
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f); // the cache is ~11 MB
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void trainAndRun(Path dir) throws Exception {
        Path app = dir.resolve("app.jar"); // an AOT cache takes its classes from jars only
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(app))) {
            String noop = "dev/threadscope/testapp/Noop.class";
            jar.putNextEntry(new JarEntry(noop));
            jar.write(Files.readAllBytes(Path.of(ChildJvm.APP_CLASSES, noop)));
            jar.closeEntry();
        }
        Path cache = dir.resolve("app.aot");
        String agent = "-javaagent:" + ChildJvm.AGENT_JAR.toAbsolutePath();

        try (ChildJvm training = ChildJvm.exec(List.of(ChildJvm.JAVA, agent, "-XX:AOTCacheOutput=" + cache, "-cp",
                app.toString(), "dev.threadscope.testapp.Noop"), Map.of())) {
            assertEquals(0, training.waitFor(120), training.stderr());
            assertTrue(training.stdout().startsWith("ok"), training.stdout());
            assertTrue(training.stderr().contains("[threadscope] not started: this JVM is writing an AOT cache"),
                    training.stderr());
            assertTrue(Files.size(cache) > 0, "no cache written:\n" + training.stderr());
        }

        try (ChildJvm run = ChildJvm.exec(List.of(ChildJvm.JAVA, agent + "=log=debug", "-XX:AOTCache=" + cache,
                "-Xlog:class+load=info", "-cp", app.toString(), "dev.threadscope.testapp.Noop"), Map.of())) {
            assertEquals(0, run.waitFor(60), run.stderr());
            assertTrue(run.stderr().contains("[threadscope] installed"), run.stderr());
            assertFalse(run.stderr().contains("[error]") || run.stdout().contains("[error]"), run.stdout() + run.stderr());
            assertTrue(run.stdout().contains("dev.threadscope.testapp.Noop source: shared objects file"),
                    "the application's class did not come from the cache:\n" + run.stdout());
        }
    }
}
