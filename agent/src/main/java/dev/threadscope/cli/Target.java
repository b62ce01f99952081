package dev.threadscope.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
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
    /** A -javaagent: option naming a threadscope jar. */
    static final java.util.regex.Pattern JAVAAGENT =
            java.util.regex.Pattern.compile("-javaagent:\\S*threadscope[^/\\s]*\\.jar(=|\\s|$)");

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
        if (mapsThreadscope(pid)) {
            err.println(alreadyLoaded(pid, options));
            return;
        }
        VirtualMachine vm = attachTo(pid);
        try {
            if (Boolean.TRUE.equals(registeredOverJmx(vm))) { // native=off leaves no library to see
                err.println(alreadyLoaded(pid, options));
                return;
            }
            load(vm, pid, options);
            err.println("threadscope: loaded into " + pid + (options.isEmpty() ? "" : " with " + options));
        } finally {
            vm.detach();
        }
    }

    private static String alreadyLoaded(long pid, String options) {
        return "threadscope: already loaded in " + pid + "; nothing loaded again"
                + (options.isEmpty() ? "" : " (options are taken at the first load only: " + options + " not applied)");
    }

    /**
     * Whether threadscope's MBeans are registered, asked over the JVM's local management agent if
     * that runs already (none is started); null if it does not run or cannot be asked.
     */
    private static Boolean registeredOverJmx(VirtualMachine vm) {
        try {
            String address = vm.getAgentProperties().getProperty("com.sun.management.jmxremote.localConnectorAddress");
            if (address == null) {
                return null;
            }
            try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                return c.getMBeanServerConnection().isRegistered(new ObjectName(THREADS));
            }
        } catch (Exception | LinkageError e) {
            return null;
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
            if (String.valueOf(e.getMessage()).contains("Agent JAR not found")) {
                throw new CliException("could not load threadscope into " + pid + ": it could not open " + agentJar()
                        + " (is that path in the JVM's own file system, a container's or a private /tmp, and can the "
                        + "JVM's user read that file and its directories?)");
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
            out.printf("%8s  threadscope %-11s  %s%n", d.id(), loaded(d), ThreadsReport.fit(name, 50));
        }
    }

    private static String loaded(VirtualMachineDescriptor d) {
        try {
            if (stopped(Long.parseLong(d.id())) != null) {
                return "stopped"; // it would never answer
            }
            // threadscope's JVMTI library in its memory map: loaded (unless native=off), no attach needed.
            if (mapsThreadscope(Long.parseLong(d.id()))) {
                return "yes";
            }
            // A perf data file outlives a JVM killed with -9, and its pid may now be another process.
            if (whyNotAttachable(Long.parseLong(d.id())) != null) {
                return "unreachable";
            }
            VirtualMachine vm = VirtualMachine.attach(d);
            try {
                Boolean registered = registeredOverJmx(vm);
                if (registered != null) {
                    return registered ? "yes" : "no";
                }
                return JAVAAGENT.matcher(vm.getAgentProperties().getProperty("sun.jvm.args", "")).find() ? "yes" : "unknown";
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
        String refusal = whyNotAttachable(pid);
        if (refusal != null) {
            throw new CliException(refusal);
        }
        try {
            return VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException e) {
            throw new CliException("cannot attach to " + pid + " (" + attachHint(pid) + "): " + e.getMessage());
        }
    }

    /**
     * Why attaching to {@code pid} could harm it, or null if it cannot. An attach to a JVM whose
     * attach listener is not running yet starts it with SIGQUIT: a process that is not a JVM dies
     * of that, and a JVM with attach disabled (which the JDK can only tell from its perf data)
     * prints a thread dump into its own output, as does a JVM that looks for the attach request
     * in another /tmp than the one the JDK's attach writes it to. So: the attach directory the
     * JDK running this will use must be the target's own /tmp; then either the attach socket is
     * there already (no signal at all), or the process must be a JVM (libjvm mapped; if its memory
     * map is not ours to read, a SIGQUIT handler installed) that publishes current perf data.
     */
    static String whyNotAttachable(long pid) {
        String stopped = stopped(pid);
        if (stopped != null) {
            return "process " + pid + " is stopped (" + stopped + "): it cannot answer until it is continued (kill -CONT "
                    + pid + ", or let its debugger go on)";
        }
        long nsPid = namespacePid(pid);
        Path dir = attachDirectory(pid, nsPid);
        Path targetTmp = Path.of("/proc", Long.toString(pid), "root", "tmp");
        if (!dir.equals(targetTmp) && sameFile(dir, targetTmp) == Boolean.FALSE) {
            return "cannot attach to " + pid + ": it has a /tmp of its own (a private /tmp, another mount namespace), "
                    + "and the attach API of this JDK (" + Runtime.version().feature() + ") would look for it in this "
                    + "/tmp and signal it blind; run threadscope " + (Runtime.version().feature() >= 23 ? "as a user who may "
                    + "write to that JVM's /tmp (its own user)" : "with JDK 23 or later") + ", or in the JVM's own namespace";
        }
        if (exists(dir.resolve(".java_pid" + nsPid))) {
            return null; // its attach listener runs: the JDK connects, no signal
        }
        Boolean jvm = mapsLibjvm(pid);
        if (jvm == null) {
            jvm = catchesSigquit(pid);
        }
        if (!jvm) {
            String owner = otherOwner(pid);
            return owner != null ? "cannot attach to " + pid + " (" + owner + ")"
                    : "process " + pid + " is not a Java virtual machine";
        }
        if (perfData(pid, nsPid)) {
            return null;
        }
        return "cannot attach to " + pid + ": its attach listener is not running and it publishes no current perf data "
                + "(-XX:-UsePerfData, -XX:+PerfDisableSharedMem), so nothing tells whether it allows attach; starting "
                + "the listener means signalling it (SIGQUIT), which a JVM with attach disabled answers with a thread "
                + "dump on its output. If it allows attach, start its listener first (jcmd " + pid + " VM.version) "
                + "and try again";
    }

    /**
     * The directory where the attach API of the JDK running this looks for the target's attach
     * files (sun.tools.attach.VirtualMachineImpl on Linux): since JDK 23, the target's own /tmp
     * (/proc/PID/root/tmp) when it may write there, else this /tmp; before, the target's own only
     * when it is in another pid namespace.
     */
    static Path attachDirectory(long pid, long nsPid) {
        Path targetTmp = Path.of("/proc", Long.toString(pid), "root", "tmp");
        if (Runtime.version().feature() >= 23) {
            return java.nio.file.Files.isWritable(targetTmp) ? targetTmp : Path.of("/tmp");
        }
        return nsPid != pid ? targetTmp : Path.of("/tmp");
    }

    /** Whether the two are the same directory; null if that cannot be told (not ours to look at). */
    private static Boolean sameFile(Path a, Path b) {
        try {
            return java.nio.file.Files.isSameFile(a, b);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** threadscope's JVMTI library as it loads it: from a fresh threadscope-HEX directory, then deleted. */
    private static final java.util.regex.Pattern OUR_LIBRARY =
            java.util.regex.Pattern.compile("/threadscope-[0-9a-f]+/libthreadscope\\.so \\(deleted\\)$");

    /** Whether threadscope's JVMTI library is mapped into the process (loaded, unless native=off). */
    static boolean mapsThreadscope(long pid) {
        return Boolean.TRUE.equals(mapsLine(pid, line -> OUR_LIBRARY.matcher(line).find()));
    }

    /**
     * Whether libjvm is mapped into the process (also once its file is gone: " (deleted)", as
     * after a JDK upgrade), or null if its map cannot be read (another user's process).
     */
    static Boolean mapsLibjvm(long pid) {
        return mapsLine(pid, line -> line.endsWith("/libjvm.so") || line.endsWith("/libjvm.so (deleted)"));
    }

    /** Whether a line of the process's memory map matches, or null if the map cannot be read. */
    private static Boolean mapsLine(long pid, java.util.function.Predicate<String> match) {
        try (java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(
                Path.of("/proc", Long.toString(pid), "maps"), java.nio.charset.StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (match.test(line)) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether the process catches SIGQUIT (/proc/PID/status, readable by anyone), as every JVM without -Xrs does. */
    static boolean catchesSigquit(long pid) {
        String caught = statusField(pid, "SigCgt:");
        try {
            return caught != null && (Long.parseUnsignedLong(caught.trim(), 16) & (1L << 2)) != 0; // SIGQUIT = 3
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The process's state if it is stopped (by SIGSTOP or a debugger: "T (stopped)", "t (tracing
     * stop)"), else null. A stopped JVM accepts the attach connection and never answers: without
     * this, the CLI (and {@code list}, which asks every JVM) would wait for ever.
     */
    static String stopped(long pid) {
        String state = statusField(pid, "State:");
        if (state == null) {
            return null;
        }
        state = state.trim();
        return state.startsWith("T") || state.startsWith("t") ? state : null;
    }

    /** The process's pid in its own pid namespace (a container's), as its attach files are named. */
    static long namespacePid(long pid) {
        String ns = statusField(pid, "NSpid:");
        if (ns != null) {
            String[] ids = ns.trim().split("\\s+");
            try {
                return Long.parseLong(ids[ids.length - 1]);
            } catch (NumberFormatException ignored) {
                // below
            }
        }
        return pid;
    }

    private static String statusField(long pid, String field) {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"),
                    java.nio.charset.StandardCharsets.ISO_8859_1)) {
                if (line.startsWith(field)) {
                    return line.substring(field.length());
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // gone, or not Linux
        }
        return null;
    }

    /**
     * The JVM's current perf data file (hsperfdata_USER/PID), through which the JDK's attach tells
     * whether attach is disabled: owned by the process's user and written since the process
     * started (one left by a JVM killed with -9, whose pid was reused, is not this one's).
     */
    private static boolean perfData(long pid, long nsPid) {
        Path targetTmp = Path.of("/proc", Long.toString(pid), "root", "tmp");
        java.util.Optional<java.time.Instant> started = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant());
        Object uid = owner(Path.of("/proc", Long.toString(pid)));
        for (Path tmp : List.of(targetTmp, Path.of("/tmp"))) {
            long id = tmp == targetTmp ? nsPid : pid;
            try (java.nio.file.DirectoryStream<Path> dirs = java.nio.file.Files.newDirectoryStream(tmp, "hsperfdata_*")) {
                for (Path dir : dirs) {
                    Path file = dir.resolve(Long.toString(id));
                    if (exists(file) && uid != null && uid.equals(owner(file)) && started.isPresent()
                            && !java.nio.file.Files.getLastModifiedTime(file).toInstant()
                                    .isBefore(started.get().minusSeconds(2))) {
                        return true;
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not ours to read: the other place, or none
            }
        }
        return false;
    }

    private static Object owner(Path p) {
        try {
            return java.nio.file.Files.getAttribute(p, "unix:uid");
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** "another user's ..." if the process is not this user's (and this is not root), else null. */
    private static String otherOwner(long pid) {
        Object owner = owner(Path.of("/proc", Long.toString(pid)));
        Object me = owner(Path.of("/proc/self"));
        if (owner != null && me != null && !owner.equals(me) && !Integer.valueOf(0).equals(me)) {
            return "it is another user's process (uid " + owner + "): run threadscope as that user";
        }
        return null;
    }

    private static boolean exists(Path p) {
        try {
            return java.nio.file.Files.exists(p);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** What may stand in the way of attaching, for the message. */
    private static String attachHint(long pid) {
        String owner = otherOwner(pid);
        return owner != null ? owner : "not a JVM that allows attach, or it is exiting, or a stale attach file of an "
                + "earlier process with that pid is in the way";
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
     * Blocks until the JVM exits, then returns (true) once the notifications already on their
     * way are handled (the connection's failure comes after the last fetch); or until
     * {@code stop} completes (false). A connection that breaks while the JVM lives on is a
     * {@link CliException}. Notifications the JVM dropped because they were not fetched fast
     * enough are counted on {@code err}, so that a quiet stretch is not mistaken for no events.
     */
    boolean awaitExit(CompletableFuture<?> stop, PrintStream err) throws InterruptedException {
        CompletableFuture<String> broken = new CompletableFuture<>();
        NotificationListener listener = (n, handback) -> {
            if (JMXConnectionNotification.FAILED.equals(n.getType()) || JMXConnectionNotification.CLOSED.equals(n.getType())) {
                broken.complete(n.getMessage() == null ? n.getType() : n.getMessage());
            }
        };
        connector.addConnectionNotificationListener(listener, null, null);
        onNotificationsLost(lost -> err.println("threadscope: " + lost + " notifications lost (the JVM sent them faster "
                + "than they were fetched; StartedCounts and EndedCounts stay exact)"));
        CompletableFuture<?> exit = ProcessHandle.of(pid).map(p -> (CompletableFuture<?>) p.onExit())
                .orElse(CompletableFuture.completedFuture(null));
        try {
            CompletableFuture.anyOf(exit, broken, stop).get();
            if (stop.isDone() && !exit.isDone() && !broken.isDone()) {
                return false;
            }
            if (exit.isDone() || exited()) {
                broken.get(EXIT_DRAIN_MILLIS, TimeUnit.MILLISECONDS);
                return true;
            }
            throw new CliException("lost the connection to " + pid + ": " + broken.getNow(""));
        } catch (ExecutionException | TimeoutException e) {
            return true; // exited; whatever was still in flight is lost with it
        }
    }

    /** Tells {@code counter} how many notifications the JVM dropped, each time it drops some. */
    void onNotificationsLost(java.util.function.LongConsumer counter) {
        connector.addConnectionNotificationListener((n, handback) -> {
            if (JMXConnectionNotification.NOTIFS_LOST.equals(n.getType()) && n.getUserData() instanceof Long) {
                counter.accept((Long) n.getUserData());
            }
        }, null, null);
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
