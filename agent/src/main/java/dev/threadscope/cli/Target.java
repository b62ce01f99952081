package dev.threadscope.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.management.MBeanServerConnection;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectionNotification;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;

/**
 * A JVM reached through the Attach API and its local management agent: no port is opened.
 * Loads threadscope into it first if it is not there, and says so.
 */
final class Target implements AutoCloseable {
    static final String THREADS = "dev.threadscope:type=Threads";

    /** How long a JVM whose connection broke is given to finish exiting. */
    private static final long EXIT_GRACE_MILLIS = 3000;
    /** How long, after the JVM exited, notifications still on their way are waited for. */
    private static final long EXIT_DRAIN_MILLIS = 2000;

    private final long pid;
    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private Target(long pid, JMXConnector connector) throws IOException {
        this.pid = pid;
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    static Target connect(long pid, PrintStream err) throws Exception {
        VirtualMachine vm = attachTo(pid);
        try {
            String address = vm.startLocalManagementAgent();
            Target target = new Target(pid, JMXConnectorFactory.connect(new JMXServiceURL(address)));
            if (!target.server.isRegistered(new ObjectName(THREADS))) {
                err.println("threadscope: not loaded in " + pid + "; loading it now");
                load(vm, pid, "");
            }
            return target;
        } finally {
            vm.detach();
        }
    }

    static void attach(long pid, String options, PrintStream err) throws Exception {
        VirtualMachine vm = attachTo(pid);
        try {
            load(vm, pid, options);
            err.println("threadscope: loaded into " + pid + (options.isEmpty() ? "" : " with " + options));
        } finally {
            vm.detach();
        }
    }

    private static void load(VirtualMachine vm, long pid, String options) throws Exception {
        try {
            vm.loadAgent(agentJar(), options);
        } catch (com.sun.tools.attach.AgentLoadException | com.sun.tools.attach.AgentInitializationException e) {
            if (String.valueOf(e.getMessage()).contains("system class path")) {
                throw new CliException("could not load threadscope into " + pid + ": its own system class loader "
                        + "(-Djava.system.class.loader) cannot take the agent jar (it has no "
                        + "appendToClassPathForInstrumentation method; see docs/troubleshooting.md)");
            }
            throw new CliException("could not load threadscope into " + pid + " (does it refuse dynamically loaded "
                    + "agents, -XX:-EnableDynamicAgentLoading?): " + e.getMessage());
        }
    }

    /**
     * The local JVMs. Looking must not change them: no management agent is started. A JVM
     * whose management agent already runs is asked over JMX; otherwise its JVM arguments tell
     * whether threadscope came with -javaagent ("unknown" for one that may have been attached).
     */
    static void list(PrintStream out) {
        long self = ProcessHandle.current().pid();
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            if (d.id().equals(Long.toString(self))) {
                continue;
            }
            String name = d.displayName().isEmpty() ? "(unknown)" : d.displayName();
            out.printf("%8s  threadscope %-11s  %s%n", d.id(), loaded(d), name.length() > 50 ? name.substring(0, 50) : name);
        }
    }

    private static String loaded(VirtualMachineDescriptor d) {
        try {
            VirtualMachine vm = VirtualMachine.attach(d);
            try {
                java.util.Properties agent = vm.getAgentProperties();
                String address = agent.getProperty("com.sun.management.jmxremote.localConnectorAddress");
                if (address != null) {
                    try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                        return c.getMBeanServerConnection().isRegistered(new ObjectName(THREADS)) ? "yes" : "no";
                    }
                }
                return agent.getProperty("sun.jvm.args", "").contains("threadscope") ? "yes" : "unknown";
            } finally {
                vm.detach();
            }
        } catch (Exception | LinkageError e) {
            return "unreachable";
        }
    }

    private static VirtualMachine attachTo(long pid) throws Exception {
        if (pid == ProcessHandle.current().pid()) {
            throw new CliException("cannot attach to itself");
        }
        if (ProcessHandle.of(pid).isEmpty()) {
            throw new CliException("no process with pid " + pid);
        }
        if (!isJvm(pid)) {
            // Attaching sends SIGQUIT to a process that has not started its attach listener;
            // anything but a JVM would die of it.
            throw new CliException("process " + pid + " is not a Java virtual machine");
        }
        try {
            return VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException e) {
            throw new CliException("cannot attach to " + pid + " (not a JVM, another user's JVM, or attach "
                    + "disabled): " + e.getMessage());
        }
    }

    /** Whether libjvm is mapped in the process; true if we may not look (the attach will then say why). */
    static boolean isJvm(long pid) {
        java.nio.file.Path maps = java.nio.file.Path.of("/proc", Long.toString(pid), "maps");
        try (java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(maps,
                java.nio.charset.StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.endsWith("/libjvm.so")) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException | RuntimeException e) {
            return true;
        }
    }

    static String agentJar() throws Exception {
        return Path.of(Target.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    long pid() {
        return pid;
    }

    MBeanServerConnection server() {
        return server;
    }

    /**
     * Blocks until the JVM exits, then returns once the notifications already on their way
     * are handled (the connection's failure comes after the last fetch). A connection that
     * breaks while the JVM lives on is a {@link CliException}.
     */
    void awaitExit() throws InterruptedException {
        CompletableFuture<String> broken = new CompletableFuture<>();
        NotificationListener listener = (n, handback) -> {
            if (JMXConnectionNotification.FAILED.equals(n.getType()) || JMXConnectionNotification.CLOSED.equals(n.getType())) {
                broken.complete(n.getMessage() == null ? n.getType() : n.getMessage());
            }
        };
        connector.addConnectionNotificationListener(listener, null, null);
        CompletableFuture<?> exit = ProcessHandle.of(pid).map(p -> (CompletableFuture<?>) p.onExit())
                .orElse(CompletableFuture.completedFuture(null));
        try {
            CompletableFuture.anyOf(exit, broken).get();
            if (exit.isDone() || exited()) {
                broken.get(EXIT_DRAIN_MILLIS, TimeUnit.MILLISECONDS);
                return;
            }
            throw new CliException("lost the connection to " + pid + ": " + broken.getNow(""));
        } catch (ExecutionException | TimeoutException e) {
            return; // exited; whatever was still in flight is lost with it
        }
    }

    /**
     * Whether the JVM has gone: a JVM that is exiting closes its connections while its
     * process still lives for a moment (shutdown hooks, VM teardown), so it is given a little
     * time to finish before a broken connection is called something else.
     */
    boolean exited() {
        ProcessHandle process = ProcessHandle.of(pid).orElse(null);
        if (process == null) {
            return true;
        }
        try {
            process.onExit().get(EXIT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // still there, or cannot tell: as it is now
        }
        return !process.isAlive();
    }

    /** One line for an unexpected failure, naming the cause. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.lines().findFirst().orElse(""));
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException ignored) {
            // the target may be gone
        }
    }
}
