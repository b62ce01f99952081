package dev.threadscope.it;

import static dev.threadscope.it.CliTest.assertBad;
import static dev.threadscope.it.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code threadscope PID report --html FILE} against a JVM churning threads and exceptions: the
 * page holds what happened, fetches nothing, and headless Chromium renders it without a single
 * console message; a page with a script error or a fetch shows that the check can fail.
 */
class ReportCommandTest {
    private static final String APP = "dev.threadscope.testapp.ReportApp";
    /** A tag in the page that fetches or runs something: none may come from the page's data. */
    private static final Pattern ACTIVE = Pattern.compile("<[a-z]+[^>]*\\s(src|href|on[a-z]+)\\s*=|<script|url\\(|@import",
            Pattern.CASE_INSENSITIVE);
    private static final String USER = "#f28e2b";
    private static final String DAEMON = "#59a14f";
    private static final String EXCEPTION = "#d62728";

    @TempDir
    Path dir;

    @Test
    void reportOfAChurningJvmShowsItsThreadsAndRendersWithoutConsoleErrors() throws Exception {
        Path page = dir.resolve("report.html");
        try (ChildJvm app = ChildJvm.start("", List.of(), APP).awaitLine("ready", 60)) {
            Thread.sleep(1000); // some ended threads and exceptions before the watch: the snapshot shows them
            CliTest.Result r = cli(Long.toString(app.pid()), "report", "--html", page.toString(), "--seconds", "3");
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("wrote " + page), r.out());
        }
        String html = Files.readString(page, StandardCharsets.UTF_8);
        for (String expected : List.of("report-worker-", "report-daemon-", "report-thrower-",
                "java.lang.IllegalStateException", "report boom", "<svg", "MAIN 1", "VIRTUAL",
                "&lt;img src=&quot;http://127.0.0.1:9/x.png&quot; onerror=&#39;alert(1)&#39;&gt;&amp;amp; \u00fc\u6f22")) {
            assertTrue(html.contains(expected), "page lacks " + expected);
        }
        assertFalse(ACTIVE.matcher(html).find(), "the page must fetch and run nothing: " + find(html));

        Chromium.assumeInstalled();
        Chromium.Rendering shot = Chromium.render(page, 1400, 1400);
        assertEquals(0, shot.exit(), shot.stderr());
        assertEquals(List.of(), shot.console(), "console messages from the report page");
        assertNotNull(shot.image(), "no screenshot:\n" + shot.stderr());
        for (String colour : List.of(USER, DAEMON, EXCEPTION)) {
            assertTrue(Chromium.pixels(shot.image(), colour) > 50, "nothing drawn in " + colour);
        }
    }

    /**
     * The check above can fail: a script error gives a console line, and so does a fetch that the
     * report's Content-Security-Policy blocks (without it, a failed fetch would pass silently).
     */
    @Test
    void theConsoleCheckCatchesAScriptErrorAndAFetch() throws Exception {
        Chromium.assumeInstalled();
        String csp = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">";
        String plain = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">CSP</head><body><svg><rect width=\"99\" "
                + "height=\"99\" fill=\"" + USER + "\"/></svg>\n";
        Path good = dir.resolve("good.html");
        Files.writeString(good, plain.replace("CSP", csp));
        Chromium.Rendering clean = Chromium.render(good, 400, 300);
        assertEquals(List.of(), clean.console(), clean.stderr());
        assertTrue(Chromium.pixels(clean.image(), USER) > 5000, "the rectangle is drawn");

        Path thrown = dir.resolve("throws.html");
        Files.writeString(thrown, plain.replace("CSP", "") + "<script>throw new Error('deliberate')</script>");
        Path fetching = dir.resolve("fetches.html");
        Files.writeString(fetching, Files.readString(good) + "<img src=\"http://127.0.0.1:9/x.png\">");
        List<String> scriptError = Chromium.render(thrown, 400, 300).console();
        List<String> fetch = Chromium.render(fetching, 400, 300).console();
        assertTrue(scriptError.stream().anyMatch(l -> l.contains("deliberate")), "script error not seen: " + scriptError);
        assertTrue(fetch.stream().anyMatch(l -> l.contains("127.0.0.1:9")), "fetch not seen: " + fetch);
        assertTrue(ACTIVE.matcher(Files.readString(fetching)).find(), "the page check sees the fetch too");
    }

    @Test
    void badInputIsOneLineAndAJvmThatExitsStillGetsItsPage() throws Exception {
        try (ChildJvm app = ChildJvm.start("", List.of(), APP).awaitLine("ready", 60)) {
            String pid = Long.toString(app.pid());
            assertBad(cli(pid, "report"), "report needs --html FILE");
            assertBad(cli(pid, "report", "--html"), "--html needs a value");
            assertBad(cli(pid, "report", "--html", "r.html", "--seconds", "-1"), "--seconds takes a whole number");
            assertBad(cli(pid, "report", "--html", "r.html", "--seconds", "soon"), "not 'soon'");
            assertBad(cli(pid, "report", "--html", "/nonexistent-dir/r.html"), "no directory /nonexistent-dir");
            assertBad(cli(pid, "report", "--html", dir.toString()), "it is a directory");
            assertBad(cli(pid, "report", "--html", "r.html", "--pdf"), "unexpected argument '--pdf'");

            Path snapshot = dir.resolve("snapshot.html");
            CliTest.Result r = cli(pid, "report", "--html", snapshot.toString(), "--seconds", "0");
            assertEquals(0, r.exit(), r.err());
            assertTrue(Files.readString(snapshot).contains("report-worker-"), "a snapshot shows the ended threads");

            Path cut = dir.resolve("cut.html");
            List<String> command = List.of(CliTest.SCRIPT.toString(), pid, "report", "--html", cut.toString(), "--seconds", "60");
            try (ChildJvm report = ChildJvm.exec(command, Map.of("JAVA_HOME", System.getProperty("java.home")))) {
                CliTest.awaitOutput(report, "watching pid " + pid);
                Thread.sleep(500);
                app.send("quit");
                assertBad(new CliTest.Result(report.waitFor(60), report.stdout(), report.stderr()),
                        "the JVM exited during the watch (pid " + pid + "); wrote what was gathered to " + cut);
            }
            String html = Files.readString(cut);
            assertTrue(html.contains("Cut short: the JVM exited during the watch"), "the page says so");
            assertTrue(html.contains("report-worker-"), "and holds what was gathered");
        }
    }

    private static String find(String html) {
        var m = ACTIVE.matcher(html);
        return m.find() ? html.substring(Math.max(0, m.start() - 80), Math.min(html.length(), m.end() + 80)) : "";
    }
}
