package dev.threadscope.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import dev.threadscope.cli.ReportData.Mark;
import dev.threadscope.cli.ReportData.Sample;

/**
 * The page of {@code threadscope PID report --html FILE}: one self-contained HTML file, inline
 * CSS and server-side SVG, no script, and a Content-Security-Policy that forbids every fetch,
 * so that it opens the same offline, from a mail attachment or a CI artefact.
 */
final class HtmlReport {
    /** Exceptions listed in the table at most, the newest. */
    static final int MAX_TABLE_ROWS = 500;
    private static final String CSS = String.join("\n",
            "body{font:14px/1.4 system-ui,sans-serif;margin:20px;color:#222;max-width:1240px}",
            "h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 6px}",
            ".meta,.note{color:#555}.warn{color:#a40000;font-weight:bold}",
            ".legend span{display:inline-block;margin-right:16px}",
            ".legend i{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px}",
            ".chart{width:100%;height:auto;display:block}",
            ".grid{stroke:#ddd;stroke-width:1}.tick{font-size:11px;fill:#555;text-anchor:middle}",
            ".count,.lane{font-size:10px;fill:#333;text-anchor:end}.alive{opacity:.75}",
            ".uncaught{fill:" + Html.EXCEPTION_COLOUR + ";stroke:#fff;stroke-width:.5}",
            ".lost{fill:#fff;stroke:" + Html.EXCEPTION_COLOUR + ";stroke-width:1.5}",
            "table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #eee;padding:3px 10px 3px 0;"
                    + "text-align:left;vertical-align:top}td.msg{word-break:break-word;max-width:640px}");

    private HtmlReport() {
    }

    static void write(ReportData data, Path file) throws java.io.IOException {
        Files.writeString(file, page(data), StandardCharsets.UTF_8);
    }

    static String page(ReportData data) {
        List<Sample> samples = data.samples();
        List<Mark> marks = data.marks();
        TimelineSvg timeline = new TimelineSvg(data);
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>threadscope report: pid ").append(data.pid).append("</title>\n<style>\n").append(CSS)
                .append(kindColours()).append("\n</style>\n</head>\n<body>\n<h1>threadscope report: pid ").append(data.pid)
                .append("</h1>\n<p class=\"meta\">Watched from ").append(Html.time(data.watchStart)).append(" to ")
                .append(Html.time(data.end())).append(" (").append(String.format(java.util.Locale.ROOT, "%.1f", (data.end() - data.watchStart) / 1000.0))
                .append(" s) on ").append(java.time.LocalDate.now()).append("; ").append(data.lifetimes().size())
                .append(" threads seen, ").append(marks.size()).append(" uncaught or lost exceptions.</p>\n");
        if (data.cutShort != null) {
            b.append("<p class=\"warn\">Cut short: ").append(Html.text(data.cutShort, 300))
                    .append(". This report holds what was gathered until then.</p>\n");
        }
        if (data.notificationsLost() > 0) {
            b.append("<p class=\"warn\">").append(data.notificationsLost()).append(" notifications were lost (the JVM sent "
                    + "them faster than they were fetched): a thread that started and ended between two of them, and is "
                    + "no longer among the recently ended, is not drawn; the counts are exact.</p>\n");
        }
        if (data.notKept() > 0) {
            b.append("<p class=\"warn\">").append(data.notKept()).append(" threads or exceptions were not kept (over ")
                    .append(ReportData.MAX_LIFETIMES).append(").</p>\n");
        }
        legend(b, samples.isEmpty() ? null : samples.get(samples.size() - 1));
        b.append("<h2>Live threads per kind</h2>\n");
        CountsChart.svg(b, samples, data.end());
        b.append("<h2>Thread lifetimes</h2>\n<p class=\"note\">Bars run from a thread's start to its end (to the right edge ")
                .append("while alive); threads already running when threadscope loaded start at that moment. ")
                .append("Red diamonds are uncaught exceptions, hollow ones exceptions lost in a Future.</p>\n");
        timeline.svg(b);
        b.append("<p class=\"note\">").append(timeline.note()).append("</p>\n");
        exceptions(b, marks);
        return b.append("</body>\n</html>\n").toString();
    }

    private static String kindColours() {
        StringBuilder css = new StringBuilder();
        for (int k = 0; k < Html.COLOURS.length; k++) {
            css.append("\n.k").append(k).append("{fill:").append(Html.COLOURS[k]).append(";background:")
                    .append(Html.COLOURS[k]).append('}');
        }
        return css.toString();
    }

    private static void legend(StringBuilder b, Sample last) {
        b.append("<p class=\"legend\">");
        for (int k = 0; k < ThreadsReport.KINDS.length; k++) {
            b.append("<span><i class=\"k").append(k).append("\"></i>").append(ThreadsReport.KINDS[k])
                    .append(last == null ? "" : " " + last.counts()[k]).append("</span>");
        }
        b.append("<span><i class=\"uncaught\" style=\"background:").append(Html.EXCEPTION_COLOUR)
                .append("\"></i>uncaught exception</span>");
        b.append(last == null ? "" : "<span class=\"note\">(live at the end of the watch)</span>").append("</p>\n");
    }

    private static void exceptions(StringBuilder b, List<Mark> marks) {
        b.append("<h2>Uncaught exceptions</h2>\n");
        if (marks.isEmpty()) {
            b.append("<p class=\"note\">None recorded.</p>\n");
            return;
        }
        marks.sort(Comparator.comparingLong(Mark::time).reversed());
        b.append("<table>\n<tr><th>time</th><th>thread</th><th>kind</th><th>exception</th><th>message</th></tr>\n");
        for (Mark m : marks.subList(0, Math.min(MAX_TABLE_ROWS, marks.size()))) {
            b.append("<tr><td>").append(Html.time(m.time())).append("</td><td>").append(Html.text(m.threadName(), 60))
                    .append(" #").append(m.threadId()).append("</td><td>").append(Html.text(m.kind(), 10))
                    .append("</td><td>").append(m.lost() ? "lost: " : "").append(Html.text(m.exception(), 200))
                    .append("</td><td class=\"msg\">").append(Html.text(m.message(), 500)).append("</td></tr>\n");
        }
        b.append("</table>\n");
        if (marks.size() > MAX_TABLE_ROWS) {
            b.append("<p class=\"note\">").append(marks.size() - MAX_TABLE_ROWS).append(" older exceptions not listed.</p>\n");
        }
    }
}
