package dev.threadscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.Test;

/** scripts/threadscope against real JVMs: attach, threads, locals, errors, watch, and bad input. */
class CliTest {
    static final Path SCRIPT = Path.of(System.getProperty("threadscope.scripts", "../scripts"), "threadscope");

    record Result(int exit, String out, String err) {
    }

    static Result cli(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        try (ChildJvm p = ChildJvm.exec(command, Map.of("JAVA_HOME", System.getProperty("java.home")))) {
            int exit = p.waitFor(120);
            return new Result(exit, p.stdout(), p.stderr());
        }
    }

    @Test
    void attachThenThreadsShowsTheRunningApplication() throws Exception {
        try (ChildJvm app = ChildJvm.sample(null, "--stay").awaitLine("ready", 60)) {
            String pid = Long.toString(app.pid());
            Result attach = cli("attach", pid);
            assertEquals(0, attach.exit(), attach.err());
            assertTrue(attach.err().contains("loaded into " + pid), attach.err());

            Result table = cli(pid, "threads");
            assertEquals(0, table.exit(), table.err());
            assertTrue(table.out().lines().allMatch(l -> l.length() <= 80), table.out());
            for (String expected : List.of("main                   MAIN", "Reference Handler      SYSTEM",
                    "sample-user            USER", "sample-daemon          DAEMON")) {
                assertTrue(table.out().contains(expected), expected + " missing:\n" + table.out());
            }

            app.send("spawn late-one");
            Map<String, Map<String, Object>> byName = new HashMap<>();
            for (int i = 0; i < 50 && !byName.containsKey("late-one"); i++) {
                Thread.sleep(100);
                byName = threadsByName(cli(pid, "threads", "--json"));
            }
            Map<String, Object> late = byName.get("late-one");
            assertEquals("DAEMON", late.get("kind"));
            assertEquals("sample-stdin", late.get("creatorName"));
            assertEquals(Boolean.FALSE, late.get("seenAtLoad"));
            assertEquals(Boolean.TRUE, byName.get("sample-user").get("seenAtLoad"));

            Jmx jmx = new Jmx(app.jmx());
            // agentmain runs on the Attach Listener: its kernel id must not be taken for main's.
            java.util.Set<Long> kernelIds = new java.util.HashSet<>();
            for (CompositeData row : jmx.rows("Threads")) {
                long os = (Long) row.get("osThreadId");
                assertTrue(os < 0 || kernelIds.add(os), "kernel id " + os + " on two rows, one of them " + row.get("name"));
            }
            for (String name : List.of("main", "sample-user", "sample-daemon", "late-one", "Finalizer")) {
                CompositeData row = jmx.live(name);
                assertEquals(row.get("kind"), byName.get(name).get("kind"), name);
                assertEquals(((Long) row.get("id")).doubleValue(), byName.get(name).get("id"), name);
            }

            // Seen in the target's memory map (threadscope's JVMTI library): not loaded again.
            Result again = cli("attach", pid, "values=show");
            assertEquals(0, again.exit(), again.err());
            assertTrue(again.err().contains("already loaded in " + pid + "; nothing loaded again (options are taken at "
                    + "the first load only: values=show not applied)"), again.err());
            Thread.sleep(200);
            assertEquals(0, app.stderr().lines().filter(l -> l.contains("[threadscope] already loaded")).count(),
                    app.stderr());

            Result errors = cli(pid, "errors", "--json");
            assertEquals(0, errors.exit(), errors.err());
            Map<?, ?> parsedErrors = (Map<?, ?>) MiniJson.parse(errors.out());
            assertTrue(parsedErrors.containsKey("totalCount"), errors.out());

            long mainId = ((Number) byName.get("main").get("id")).longValue();
            Result locals = cli(pid, "locals", Long.toString(mainId), "--json");
            assertEquals(0, locals.exit(), locals.err());
            assertTrue(((List<?>) MiniJson.parse(locals.out())).size() >= 2, locals.out());
            Result summary = cli(pid, "locals", "--summary");
            assertEquals(0, summary.exit(), summary.err());
            assertTrue(summary.out().contains("ThreadLocals held by live threads"), summary.out());
        }
    }

    /**
     * native=off leaves no library in the memory map; a JVM whose management agent runs is asked
     * over JMX instead, and nothing is loaded again.
     */
    @Test
    void attachSeesThreadscopeOverJmxWithoutItsLibrary() throws Exception {
        try (ChildJvm app = ChildJvm.sample("native=off", "--stay").awaitLine("ready", 60)) {
            String pid = Long.toString(app.pid());
            assertEquals("MAIN", new Jmx(app.jmx()).live("main").get("kind")); // starts its management agent
            Result again = cli("attach", pid);
            assertEquals(0, again.exit(), again.err());
            assertTrue(again.err().contains("already loaded in " + pid + "; nothing loaded again"), again.err());
            Thread.sleep(200);
            assertFalse(app.stderr().contains("[threadscope] already loaded"), app.stderr());
        }
    }

    /** With values=show the text table's value column is too narrow for a rendering: it gets a line of its own. */
    @Test
    void localsTextShowsTheRenderedValue() throws Exception {
        try (ChildJvm app = ChildJvm.sample("values=show", "--stay").awaitLine("ready", 60)) {
            String pid = Long.toString(app.pid());
            long mainId = (Long) new Jmx(app.jmx()).live("main").get("id");
            Result text = cli(pid, "locals", Long.toString(mainId));
            assertEquals(0, text.exit(), text.err());
            assertTrue(text.out().lines().anyMatch(l -> l.trim().equals("value req-main")), text.out());
            assertTrue(text.out().lines().allMatch(l -> l.length() <= 80), text.out());
        }
    }

    @Test
    void threadsLoadsTheAgentIfNeededAndWatchStreamsStartsAndEndsUntilTheJvmExits() throws Exception {
        try (ChildJvm app = ChildJvm.sample(null, "--stay").awaitLine("ready", 60)) {
            String pid = Long.toString(app.pid());
            Result first = cli(pid, "threads");
            assertEquals(0, first.exit(), first.err());
            assertTrue(first.err().contains("loading it now"), first.err());

            List<String> command = List.of(SCRIPT.toString(), pid, "watch");
            try (ChildJvm watch = ChildJvm.exec(command, Map.of("JAVA_HOME", System.getProperty("java.home")))) {
                awaitOutput(watch, "watching pid " + pid);
                app.send("spawn-short watched-one");
                awaitOutput(watch, "end ");
                String out = watch.stdout();
                assertTrue(out.lines().anyMatch(l -> l.contains(" start ") && l.contains("watched-one")
                        && l.contains("by ") && l.contains("sample-stdin")), out);
                assertTrue(out.lines().anyMatch(l -> l.contains(" end ") && l.contains("watched-one")), out);

                app.send("quit"); // the watch ends with the JVM it watches
                assertEquals(0, watch.waitFor(30), watch.stderr());
                assertTrue(watch.stderr().contains("threadscope: the JVM exited (pid " + pid + ")"), watch.stderr());
            }
        }
    }

    @Test
    void listShowsLocalJvmsWithoutChangingThem() throws Exception {
        try (ChildJvm with = ChildJvm.sample("", "--stay").awaitLine("ready", 60);
             ChildJvm without = ChildJvm.sample(null, "--stay").awaitLine("ready", 60)) {
            Result list = cli("list");
            assertEquals(0, list.exit(), list.err());
            assertTrue(list.out().lines().anyMatch(l -> l.trim().startsWith(with.pid() + " ") && l.contains("threadscope yes")),
                    list.out());
            assertTrue(list.out().lines().anyMatch(l -> l.trim().startsWith(without.pid() + " ")
                    && !l.contains("threadscope yes")), list.out());
            com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(Long.toString(without.pid()));
            try {
                assertEquals(null, vm.getAgentProperties().getProperty("com.sun.management.jmxremote.localConnectorAddress"),
                        "list must not start a management agent in the JVMs it looks at");
            } finally {
                vm.detach();
            }
        }
    }

    @Test
    void aStoppedJvmIsRefusedAtOnceAndListDoesNotWaitForIt() throws Exception {
        try (ChildJvm app = ChildJvm.sample("", "--stay").awaitLine("ready", 60)) {
            String pid = Long.toString(app.pid());
            assertEquals(0, new ProcessBuilder("kill", "-STOP", pid).start().waitFor());
            try {
                // It accepts the attach connection and never answers: without the check, both wait for ever.
                assertBad(cli(pid, "threads"), "process " + pid + " is stopped");
                Result list = cli("list");
                assertEquals(0, list.exit(), list.err());
                assertTrue(list.out().lines().anyMatch(l -> l.trim().startsWith(pid + " ")
                        && l.contains("threadscope stopped")), list.out());
            } finally {
                new ProcessBuilder("kill", "-CONT", pid).start().waitFor();
            }
            Result table = cli(pid, "threads");
            assertEquals(0, table.exit(), table.err());
            assertTrue(table.out().contains("MAIN"), table.out());
        }
    }

    @Test
    void badInputIsOneLineAndExitOne() throws Exception {
        assertBad(cli("999999999", "threads"), "no process with pid 999999999");
        assertBad(cli("frobnicate"), "is not a process id");
        assertBad(cli(), "usage");
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            assertBad(cli(Long.toString(sleeper.pid()), "threads"), "is not a Java virtual machine");
            assertTrue(sleeper.isAlive(), "the non-JVM process must survive");
        } finally {
            sleeper.destroyForcibly();
        }
        try (ChildJvm app = ChildJvm.sample("", "--stay").awaitLine("ready", 60)) {
            String pid = Long.toString(app.pid());
            assertBad(cli(pid, "bogus"), "unknown command 'bogus'");
            assertBad(cli(pid, "locals", "987654"), "987654");
            assertBad(cli(pid, "locals", "notanumber"), "not a thread id");
            assertBad(cli(pid, "threads", "--kind", "PURPLE"), "PURPLE");
            assertTrue(ProcessHandle.of(app.pid()).map(ProcessHandle::isAlive).orElse(false));
            assertEquals("MAIN", new Jmx(app.jmx()).live("main").get("kind"));
        }
        try (ChildJvm closed = ChildJvm.start(null, List.of("-XX:+DisableAttachMechanism"),
                "dev.threadscope.testapp.SampleApp", "--stay").awaitLine("ready", 60)) {
            assertBad(cli("attach", Long.toString(closed.pid())), "cannot attach");
            assertTrue(ProcessHandle.of(closed.pid()).map(ProcessHandle::isAlive).orElse(false));
        }
        // Nothing tells whether it allows attach: it is not signalled (with attach disabled, the
        // JVM would print a thread dump on its stdout for each SIGQUIT).
        try (ChildJvm blind = ChildJvm.start(null, List.of("-XX:+DisableAttachMechanism", "-XX:-UsePerfData"),
                "dev.threadscope.testapp.SampleApp", "--stay").awaitLine("ready", 60)) {
            // Refused either way without a signal: no current perf data, or (this machine's /tmp
            // may hold one from an earlier JVM with the same pid) a stale attach socket.
            String refused = "cannot attach to " + blind.pid();
            assertBad(cli(Long.toString(blind.pid()), "threads"), refused);
            // A perf data file left by a JVM killed with -9 whose pid this one reuses: not its own.
            java.nio.file.Path stale = java.nio.file.Path.of("/tmp", "hsperfdata_" + System.getProperty("user.name"),
                    Long.toString(blind.pid()));
            java.nio.file.Files.createDirectories(stale.getParent());
            java.nio.file.Files.write(stale, new byte[32768]);
            java.nio.file.Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(
                    java.time.Instant.now().minusSeconds(3600)));
            try {
                assertBad(cli(Long.toString(blind.pid()), "threads"), refused);
            } finally {
                java.nio.file.Files.deleteIfExists(stale);
            }
            Thread.sleep(200);
            assertFalse(blind.stdout().contains("Full thread dump"), blind.stdout());
            assertTrue(ProcessHandle.of(blind.pid()).map(ProcessHandle::isAlive).orElse(false));
        }
        try (ChildJvm app = ChildJvm.sample(null, "--stay").awaitLine("ready", 60)) {
            String pid = Long.toString(app.pid());
            assertBad(cli("attach", pid, "valuez=shwo,history=-3"), "bad options, nothing loaded");
            assertBad(cli("attach", pid, "values=show", "extra"), "at most one OPTIONS argument");
            assertBad(cli(pid, "watch", "--json"), "watch has no --json");
            assertFalse(app.stderr().contains("[threadscope]"), "nothing was loaded: " + app.stderr());
        }
        try (ChildJvm ownLoader = ChildJvm.start(null,
                List.of("-Djava.system.class.loader=dev.threadscope.testapp.PlainSystemLoader"),
                "dev.threadscope.testapp.SampleApp", "--stay").awaitLine("ready", 60)) {
            assertBad(cli("attach", Long.toString(ownLoader.pid())), "its own system class loader");
            assertTrue(ProcessHandle.of(ownLoader.pid()).map(ProcessHandle::isAlive).orElse(false));
        }
        if (ChildJvm.JAVA_VERSION >= 21) {
            try (ChildJvm refusing = ChildJvm.start(null, List.of("-XX:-EnableDynamicAgentLoading"),
                    "dev.threadscope.testapp.SampleApp", "--stay").awaitLine("ready", 60)) {
                assertBad(cli("attach", Long.toString(refusing.pid())), "could not load threadscope");
                assertTrue(ProcessHandle.of(refusing.pid()).map(ProcessHandle::isAlive).orElse(false));
            }
        }
    }

    static void assertBad(Result r, String message) {
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(message), "stderr lacks '" + message + "':\n" + r.err());
        assertTrue(r.err().startsWith("threadscope: "), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace for the user:\n" + r.err());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> threadsByName(Result r) {
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> top = (Map<String, Object>) MiniJson.parse(r.out());
        Map<String, Map<String, Object>> byName = new HashMap<>();
        for (Object t : (List<Object>) top.get("threads")) {
            Map<String, Object> row = (Map<String, Object>) t;
            byName.put((String) row.get("name"), row);
        }
        return byName;
    }

    static void awaitOutput(ChildJvm p, String text) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (p.stdout().contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + text + "' in:\n" + p.stdout() + p.stderr());
    }
}
