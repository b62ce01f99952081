package dev.threadscope.cli;

import java.util.List;

import dev.threadscope.cli.ReportData.Sample;

/** The report's first chart: live threads per kind over the watch, stacked, as inline SVG. */
final class CountsChart {
    static final int WIDTH = 1200;
    /** Room right of the plot for the last tick's label. */
    static final int RIGHT = 40;
    private static final int LEFT = 60;
    private static final int TOP = 10;
    private static final int HEIGHT = 220;

    private CountsChart() {
    }

    static void svg(StringBuilder out, List<Sample> samples, long end) {
        if (samples.isEmpty()) {
            out.append("<p class=\"note\">No live counts were sampled.</p>\n");
            return;
        }
        samples = thin(samples);
        TimeAxis axis = new TimeAxis(samples.get(0).time(), end, LEFT, WIDTH - LEFT - RIGHT);
        long max = 1;
        for (Sample s : samples) {
            max = Math.max(max, s.total());
        }
        long step = niceStep(max);
        long top = Math.max(max, (max + step - 1) / step * step);
        double scale = (double) HEIGHT / top;
        out.append("<svg class=\"chart\" role=\"img\" aria-label=\"live threads per kind\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT + TOP + 30).append("\">\n");
        for (long v = 0; v <= top; v += step) {
            String y = Html.px(TOP + HEIGHT - v * scale);
            out.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(y).append("\" x2=\"")
                    .append(WIDTH - RIGHT).append("\" y2=\"").append(y).append("\"/><text class=\"count\" x=\"")
                    .append(LEFT - 6).append("\" y=\"").append(y).append("\">").append(v).append("</text>\n");
        }
        axis.ticks(out, TOP, TOP + HEIGHT, TOP + HEIGHT + 14);
        long[] below = new long[samples.size()];
        for (int k = 0; k < ThreadsReport.KINDS.length; k++) {
            area(out, samples, below, k, axis, scale, end);
        }
        out.append("</svg>\n");
    }

    /** One kind's band, a step function: each sample holds until the next one. */
    private static void area(StringBuilder out, List<Sample> samples, long[] below, int kind, TimeAxis axis,
            double scale, long end) {
        long peak = 0;
        String[] x = new String[samples.size() + 1];
        String[] yUp = new String[samples.size()];
        String[] yLow = new String[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            long count = samples.get(i).counts()[kind];
            peak = Math.max(peak, count);
            x[i] = Html.px(axis.x(samples.get(i).time()));
            yUp[i] = Html.px(TOP + HEIGHT - (below[i] + count) * scale);
            yLow[i] = Html.px(TOP + HEIGHT - below[i] * scale);
            below[i] += count;
        }
        x[samples.size()] = Html.px(axis.x(end));
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < samples.size(); i++) {
            points.append(x[i]).append(',').append(yUp[i]).append(' ').append(x[i + 1]).append(',').append(yUp[i]).append(' ');
        }
        for (int i = samples.size() - 1; i >= 0; i--) {
            points.append(x[i + 1]).append(',').append(yLow[i]).append(' ').append(x[i]).append(',').append(yLow[i]).append(' ');
        }
        if (peak == 0) {
            return;
        }
        long last = samples.get(samples.size() - 1).counts()[kind];
        out.append("<polygon class=\"k").append(kind).append("\" points=\"").append(points.toString().trim())
                .append("\"><title>").append(ThreadsReport.KINDS[kind]).append(": at most ").append(peak)
                .append(" live, ").append(last).append(" at the end</title></polygon>\n");
    }

    /** At most about one sample per pixel: an hour's watch is 14,400 samples. */
    private static List<Sample> thin(List<Sample> samples) {
        int every = (samples.size() + WIDTH - 1) / WIDTH;
        if (every <= 1) {
            return samples;
        }
        List<Sample> kept = new java.util.ArrayList<>();
        for (int i = 0; i < samples.size(); i += every) {
            kept.add(samples.get(i));
        }
        return kept;
    }

    /** 1, 2 or 5 times a power of ten, giving at most five grid lines up to {@code max}. */
    static long niceStep(long max) {
        long step = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (max / (step * m) <= 5) {
                    return step * m;
                }
            }
            step *= 10;
        }
    }
}
