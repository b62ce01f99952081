package dev.threadscope.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** A horizontal time axis of an SVG chart: milliseconds to pixels, and ticks at round times. */
final class TimeAxis {
    private static final long[] STEPS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000,
        30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000,
        43_200_000, 86_400_000, 604_800_000, 2_592_000_000L, 31_536_000_000L};
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("MMM d HH:mm").withZone(ZoneId.systemDefault());

    private final long from;
    private final long to;
    private final double left;
    private final double width;

    TimeAxis(long from, long to, double left, double width) {
        this.from = from;
        this.to = Math.max(to, from + 1);
        this.left = left;
        this.width = width;
    }

    double x(long millis) {
        return left + (double) (millis - from) * width / (to - from);
    }

    /** Vertical grid lines from {@code top} to {@code bottom}, each labelled at height {@code labelY}. */
    void ticks(StringBuilder svg, double top, double bottom, double labelY) {
        long step = STEPS[STEPS.length - 1];
        for (long s : STEPS) {
            if (s * 8 >= to - from) {
                step = s;
                break;
            }
        }
        long offset = ZoneId.systemDefault().getRules().getOffset(Instant.ofEpochMilli(from)).getTotalSeconds() * 1000L;
        long first = Math.floorDiv(from + offset + step - 1, step) * step - offset;
        for (long t = first; t <= to; t += step) {
            String x = Html.px(x(t));
            svg.append("<line class=\"grid\" x1=\"").append(x).append("\" y1=\"").append(Html.px(top))
                    .append("\" x2=\"").append(x).append("\" y2=\"").append(Html.px(bottom)).append("\"/>")
                    .append("<text class=\"tick\" x=\"").append(x).append("\" y=\"").append(Html.px(labelY))
                    .append("\">").append(label(t, step)).append("</text>\n");
        }
    }

    private static String label(long t, long step) {
        if (step < 1000) {
            return Html.time(t);
        }
        return (step >= 3_600_000 ? MINUTES : SECONDS).format(Instant.ofEpochMilli(t));
    }
}
