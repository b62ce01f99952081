package dev.threadscope.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.threadscope.agent.Options;
import dev.threadscope.core.Text;

/**
 * {@code threadscope} on the command line (scripts/threadscope runs it with the JDK's java):
 * <pre>
 *   threadscope list
 *   threadscope attach PID [OPTIONS]
 *   threadscope PID threads [--kind K] [--json]
 *   threadscope PID locals TID|--summary [--json]
 *   threadscope PID errors [--json]
 *   threadscope PID watch
 *   threadscope PID report --html FILE [--seconds N]
 * </pre>
 * Errors are one line on stderr and exit code 1; the target JVM is never harmed.
 */
public final class Main {
    static final String USAGE = String.join("\n",
            "usage: threadscope list",
            "       threadscope attach PID [OPTIONS]",
            "       threadscope PID threads [--kind KIND] [--json]",
            "       threadscope PID locals TID [--json]",
            "       threadscope PID locals --summary [--json]",
            "       threadscope PID errors [--json]",
            "       threadscope PID watch",
            "       threadscope PID report --html FILE [--seconds N]");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new CliException("no command given\n" + USAGE);
            }
            if (args[0].equals("-h") || args[0].equals("--help")) {
                out.println(USAGE);
                return 0;
            }
            if (args[0].equals("list")) {
                if (args.length > 1) {
                    throw new CliException("list takes no arguments, not '" + Text.printable(args[1]) + "'\n" + USAGE);
                }
                Target.list(out);
                return 0;
            }
            if (args[0].equals("attach")) {
                if (args.length < 2) {
                    throw new CliException("attach needs a PID\n" + USAGE);
                }
                if (args.length > 3) {
                    throw new CliException("attach takes a PID and at most one OPTIONS argument (comma-separated), not "
                            + Text.printable(String.join(" ", Arrays.asList(args).subList(3, args.length))) + "\n" + USAGE);
                }
                String options = args.length > 2 ? args[2] : "";
                List<String> problems = new ArrayList<>();
                Options.parse(options, problems);
                if (!problems.isEmpty()) {
                    throw new CliException("bad options, nothing loaded: " + String.join("; ", problems));
                }
                Target.attach(pid(args[1]), options, err);
                return 0;
            }
            long pid = pid(args[0]);
            if (args.length < 2) {
                throw new CliException("missing command after the PID\n" + USAGE);
            }
            List<String> rest = new ArrayList<>(Arrays.asList(args).subList(2, args.length));
            boolean json = rest.remove("--json");
            switch (args[1]) {
                case "threads":
                    String kind = option(rest, "--kind");
                    noMore(rest);
                    try (Target target = Target.connect(pid, err)) {
                        new ThreadsReport(target).print(out, kind, json);
                    }
                    return 0;
                case "locals":
                    boolean summary = rest.remove("--summary");
                    if (!summary && rest.size() != 1) {
                        throw new CliException("locals needs a thread id (or --summary)\n" + USAGE);
                    }
                    long tid = summary ? -1 : threadId(rest.remove(0));
                    noMore(rest);
                    try (Target target = Target.connect(pid, err)) {
                        if (summary) {
                            new LocalsReport(target).summary(out, json);
                        } else {
                            new LocalsReport(target).thread(out, tid, json);
                        }
                    }
                    return 0;
                case "watch":
                    noJson(json, "watch");
                    noMore(rest);
                    try (Target target = Target.connect(pid, err)) {
                        if (new WatchReport(target, out).run(err)) {
                            err.println("threadscope: the JVM exited (pid " + pid + ")");
                        }
                    }
                    return 0;
                case "report":
                    noJson(json, "report");
                    ReportCommand.run(pid, rest, out, err);
                    return 0;
                case "errors":
                    noMore(rest);
                    try (Target target = Target.connect(pid, err)) {
                        new ErrorsReport(target).print(out, json);
                    }
                    return 0;
                default:
                    throw new CliException("unknown command '" + Text.printable(args[1]) + "'\n" + USAGE);
            }
        } catch (CliException e) {
            err.println("threadscope: " + e.getMessage());
            return 1;
        } catch (Exception | LinkageError e) {
            err.println("threadscope: " + Target.describe(e));
            return 1;
        }
    }

    static long pid(String s) {
        try {
            long pid = Long.parseLong(s);
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new CliException("'" + Text.printable(s) + "' is not a process id (nor a command)\n" + USAGE);
    }

    private static long threadId(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new CliException("'" + Text.printable(s) + "' is not a thread id");
        }
    }

    static String option(List<String> rest, String name) {
        int i = rest.indexOf(name);
        if (i < 0) {
            return null;
        }
        if (i + 1 >= rest.size()) {
            throw new CliException(name + " needs a value");
        }
        String value = rest.get(i + 1);
        rest.subList(i, i + 2).clear();
        return value;
    }

    private static void noJson(boolean json, String command) {
        if (json) {
            throw new CliException(command + " has no --json (threads, locals and errors have)\n" + USAGE);
        }
    }

    static void noMore(List<String> rest) {
        if (!rest.isEmpty()) {
            throw new CliException("unexpected argument '" + Text.printable(rest.get(0)) + "'");
        }
    }
}
