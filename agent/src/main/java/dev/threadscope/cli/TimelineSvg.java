package dev.threadscope.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.threadscope.cli.ReportData.Lifetime;
import dev.threadscope.cli.ReportData.Mark;

/**
 * The report's timeline as inline SVG: one bar per thread from its start to its end (or to the
 * end of the watch while alive), coloured by kind, and a diamond for each uncaught exception,
 * on the thread's row and on a strip of its own above them.
 */
final class TimelineSvg {
    private static final int WIDTH = CountsChart.WIDTH;
    private static final int LEFT = 230;
    /** Tick labels on top, where they stay in view above a long timeline; then the exceptions' strip. */
    private static final int HEAD = 16;
    private static final int STRIP = HEAD + 26;
    private static final int ROW = 12;
    /** Exceptions drawn at most, the newest. */
    static final int MAX_MARKS = 2_000;

    private final TimeAxis axis;
    private final long end;
    private final List<Mark> marks;
    private final Lanes lanes;
    private final int marksLeftOut;

    TimelineSvg(ReportData data) {
        List<Lifetime> all = data.lifetimes();
        List<Mark> allMarks = data.marks();
        allMarks.sort(java.util.Comparator.comparingLong(Mark::time).reversed());
        marksLeftOut = Math.max(0, allMarks.size() - MAX_MARKS);
        marks = allMarks.subList(0, allMarks.size() - marksLeftOut);
        end = data.end();
        long from = data.watchStart;
        Set<Long> threw = new HashSet<>();
        for (Lifetime t : all) {
            from = Math.min(from, t.start());
        }
        for (Mark m : allMarks) {
            from = Math.min(from, m.time());
            threw.add(m.threadId());
        }
        axis = new TimeAxis(from, end, LEFT, WIDTH - LEFT - CountsChart.RIGHT);
        lanes = new Lanes(all, threw, t -> axis.x(t.start()), t -> Math.max(axis.x(t.start()) + 2, axis.x(until(t))));
    }

    void svg(StringBuilder out) {
        int bottom = STRIP + lanes.count * ROW;
        out.append("<svg class=\"chart\" role=\"img\" aria-label=\"thread lifetimes\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(bottom + 4).append("\">\n");
        out.append("<text class=\"lane\" x=\"").append(LEFT - 6).append("\" y=\"").append((HEAD + STRIP) / 2 + 4)
                .append("\">uncaught exceptions</text>\n");
        axis.ticks(out, HEAD, bottom, HEAD - 4);
        for (Lifetime t : lanes.shown) {
            double y = STRIP + lanes.laneOf.get(t.id()) * ROW;
            if (lanes.labelled) {
                out.append("<text class=\"lane\" x=\"").append(LEFT - 6).append("\" y=\"").append(Html.px(y + ROW - 2))
                        .append("\">").append(Html.text(t.name(), 34)).append("</text>");
            }
            double x = axis.x(t.start());
            out.append("<rect class=\"k").append(Html.kindIndex(t.kind())).append(t.ended() ? "" : " alive")
                    .append("\" x=\"").append(Html.px(x)).append("\" y=\"").append(Html.px(y + 1))
                    .append("\" width=\"").append(Html.px(Math.max(2, axis.x(until(t)) - x)))
                    .append("\" height=\"").append(ROW - 2).append("\"><title>").append(describe(t))
                    .append("</title></rect>\n");
        }
        for (Mark m : marks) {
            diamond(out, m, (HEAD + STRIP) / 2.0);
            Integer lane = lanes.laneOf.get(m.threadId());
            if (lane != null) {
                diamond(out, m, STRIP + lane * ROW + ROW / 2.0);
            }
        }
        out.append("</svg>\n");
    }

    /** What the page says under the timeline: how rows were laid out, and what was left out. */
    String note() {
        String layout = lanes.labelled ? lanes.shown.size() + " threads, one row each"
                : lanes.shown.size() + " threads packed into " + lanes.count + " rows by start time; hover a bar for its name";
        return layout + (lanes.leftOut == 0 ? "" : "; " + lanes.leftOut + " more threads left out (live ones, those "
                + "that threw and the most recently ended are shown first)")
                + (marksLeftOut == 0 ? "." : "; the " + marksLeftOut + " oldest exceptions are not marked.");
    }

    private long until(Lifetime t) {
        return t.ended() ? t.end() : end;
    }

    private void diamond(StringBuilder out, Mark m, double y) {
        out.append("<path class=\"").append(m.lost() ? "lost" : "uncaught").append("\" d=\"M").append(Html.px(axis.x(m.time())))
                .append(',').append(Html.px(y - 5)).append("l4,5-4,5-4-5z\"><title>").append(Html.time(m.time()))
                .append(' ').append(Html.text(m.threadName(), 80)).append(": ")
                .append(m.lost() ? "lost in a Future: " : "").append(Html.text(m.exception(), 200))
                .append(m.message().isEmpty() ? "" : ": " + Html.text(m.message(), 300)).append("</title></path>\n");
    }

    private static String describe(Lifetime t) {
        return Html.text(t.name(), 200) + " (#" + t.id() + ", " + t.kind() + (t.daemon() ? ", daemon" : "")
                + ") started " + Html.time(t.start())
                + (t.ended() ? ", ended " + Html.time(t.end()) + " after " + (t.end() - t.start()) + " ms" : ", alive");
    }
}
