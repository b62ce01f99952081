package dev.threadscope.it;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.VirtualMachine;

/**
 * A child JVM (the JDK running the tests) with or without the agent, its output captured
 * in files, reachable over JMX through its local management agent, as jconsole would.
 */
final class ChildJvm implements AutoCloseable {
    static final Path AGENT_JAR = Path.of(System.getProperty("threadscope.agent.jar", "../agent/target/threadscope-agent.jar"));
    static final String APP_CLASSES = System.getProperty("threadscope.app.classes", "target/classes");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final int JAVA_VERSION = Runtime.version().feature();

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private JMXConnector connector;

    private ChildJvm(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** {@code agentOptions} null: no agent; "" the agent with defaults. */
    static ChildJvm start(String agentOptions, List<String> jvmArgs, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA);
        if (agentOptions != null) {
            cmd.add("-javaagent:" + AGENT_JAR.toAbsolutePath() + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(APP_CLASSES);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        Path dir = Files.createTempDirectory("threadscope-it");
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        return new ChildJvm(pb.start(), out, err);
    }

    static ChildJvm sample(String agentOptions, String... args) throws IOException {
        return start(agentOptions, List.of(), "dev.threadscope.testapp.SampleApp", args);
    }

    /**
     * Any executable, e.g. the native harness that embeds a JVM (JNI_CreateJavaVM), with
     * {@code env} added to the inherited environment; its pid is then the JVM's for JMX.
     */
    static ChildJvm exec(List<String> command, java.util.Map<String, String> env) throws IOException {
        Path dir = Files.createTempDirectory("threadscope-it");
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return new ChildJvm(pb.start(), out, err);
    }

    long pid() {
        return process.pid();
    }

    /** Waits until stdout has a line equal to {@code line}; fails with the output if the JVM dies first. */
    ChildJvm awaitLine(String line, long timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (Files.readAllLines(stdout, StandardCharsets.UTF_8).contains(line)) {
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError("child exited (" + process.exitValue() + ") before printing '" + line
                        + "'\nstdout:\n" + stdout() + "\nstderr:\n" + stderr());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + line + "' within " + timeoutSeconds + "s\nstdout:\n" + stdout() + "\nstderr:\n" + stderr());
    }

    /** The child's platform MBeanServer, over its local management agent (no port opened). */
    MBeanServerConnection jmx() throws Exception {
        if (connector == null) {
            VirtualMachine vm = attach();
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        }
        return connector.getMBeanServerConnection();
    }

    /**
     * The Attach API gives a busy JVM 10 s to answer; on a loaded 2-core CI machine a JVM in
     * the middle of its test load can take longer, so try three times.
     */
    private VirtualMachine attach() throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return VirtualMachine.attach(Long.toString(pid()));
            } catch (com.sun.tools.attach.AttachNotSupportedException | IOException e) {
                if (attempt == 3 || !process.isAlive()) {
                    throw e;
                }
            }
        }
    }

    void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Waits for the exit; kills the JVM if it takes longer than {@code timeoutSeconds}. */
    int waitFor(long timeoutSeconds) throws Exception {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("child did not exit within " + timeoutSeconds + "s\nstdout:\n" + stdout()
                    + "\nstderr:\n" + stderr());
        }
        return process.exitValue();
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException ignored) {
                // the child may be gone already
            }
        }
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (!process.isAlive()) {
            // A JVM killed with -9 leaves its attach socket: a later process with the same pid
            // would find it in the way (the CLI then refuses it as a stale attach file).
            Files.deleteIfExists(Path.of("/tmp", ".java_pid" + process.pid()));
        }
        File dir = stdout.getParent().toFile();
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
        dir.delete();
    }
}
