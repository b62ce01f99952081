package dev.threadscope.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code threadscope PID report --html FILE [--seconds N]}: watches the JVM for N seconds,
 * then writes one self-contained HTML page (see {@link HtmlReport}). A JVM that exits during
 * the watch still gets its page, with what was gathered, and the command says so and exits 1.
 */
final class ReportCommand {
    static final int DEFAULT_SECONDS = 10;
    static final int MAX_SECONDS = 86_400;

    private ReportCommand() {
    }

    static void run(long pid, List<String> rest, PrintStream out, PrintStream err) throws Exception {
        String html = Main.option(rest, "--html");
        String secondsText = Main.option(rest, "--seconds");
        Main.noMore(rest);
        if (html == null) {
            throw new CliException("report needs --html FILE\n" + Main.USAGE);
        }
        int seconds = secondsText == null ? DEFAULT_SECONDS : seconds(secondsText);
        Path file = writable(html);
        ReportData data = new ReportData(pid);
        try (Target target = Target.connect(pid, err)) {
            out.printf("watching pid %d for %d s%n", pid, seconds);
            out.flush();
            new ReportRecorder(target, data).record(seconds);
        }
        try {
            HtmlReport.write(data, file);
        } catch (IOException e) {
            throw new CliException("cannot write " + ThreadsReport.fit(String.valueOf(html), 60) + ": " + Target.describe(e));
        }
        if (data.cutShort != null) {
            throw new CliException(data.cutShort + " (pid " + pid + "); wrote what was gathered to " + html);
        }
        out.printf("wrote %s: %d threads, %d exceptions, %d samples%n", html, data.lifetimes().size(),
                data.marks().size(), data.samples().size());
    }

    private static int seconds(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 0 && n <= MAX_SECONDS) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new CliException("--seconds takes a whole number from 0 to " + MAX_SECONDS + ", not '"
                + ThreadsReport.fit(s, 40) + "'");
    }

    /** Checked before the watch, so that a typo does not cost the user the whole period. */
    private static Path writable(String name) {
        Path file;
        try {
            file = Path.of(name).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new CliException("cannot write " + ThreadsReport.fit(name, 60) + ": " + e.getReason());
        }
        Path dir = file.getParent();
        if (Files.isDirectory(file)) {
            throw new CliException("cannot write " + ThreadsReport.fit(name, 60) + ": it is a directory");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CliException("cannot write " + ThreadsReport.fit(name, 60) + ": no directory " + ThreadsReport.fit(String.valueOf(dir), 60));
        }
        if (Files.exists(file) ? !Files.isWritable(file) : !Files.isWritable(dir)) {
            throw new CliException("cannot write " + ThreadsReport.fit(name, 60) + ": permission denied");
        }
        return file;
    }
}
