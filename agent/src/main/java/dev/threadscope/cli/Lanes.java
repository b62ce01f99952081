package dev.threadscope.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.threadscope.cli.ReportData.Lifetime;

/**
 * Which row of the timeline each thread's bar goes in. Up to {@value #LABELLED} threads get a
 * named row each; more are packed, first fit by start time, into at most {@value #MAX_LANES}
 * rows, so that 10,000 short threads make a page a person can read (hovering names each bar).
 */
final class Lanes {
    static final int MAX_BARS = 10_000;
    static final int LABELLED = 150;
    static final int MAX_LANES = 300;
    /** Pixels between two bars packed in one row. */
    private static final double GAP = 1;

    final List<Lifetime> shown = new ArrayList<>();
    final Map<Long, Integer> laneOf = new HashMap<>();
    final boolean labelled;
    int count;
    int leftOut;

    /**
     * {@code x0} and {@code x1} give a bar's pixel span; beyond {@value #MAX_BARS} threads,
     * live ones and those that threw are kept first, then the most recently ended.
     */
    Lanes(List<Lifetime> all, java.util.Set<Long> threw, java.util.function.ToDoubleFunction<Lifetime> x0,
            java.util.function.ToDoubleFunction<Lifetime> x1) {
        List<Lifetime> chosen = new ArrayList<>(all);
        if (chosen.size() > MAX_BARS) {
            chosen.sort(Comparator.comparing((Lifetime t) -> t.ended())
                    .thenComparing(t -> !threw.contains(t.id()))
                    .thenComparing(Comparator.comparingLong(Lifetime::end).reversed()));
            leftOut = chosen.size() - MAX_BARS;
            chosen = chosen.subList(0, MAX_BARS);
        }
        chosen.sort(Comparator.comparingLong(Lifetime::start).thenComparingLong(Lifetime::id));
        labelled = chosen.size() <= LABELLED;
        List<Double> ends = new ArrayList<>();
        for (Lifetime t : chosen) {
            int lane = labelled ? ends.size() : firstFree(ends, x0.applyAsDouble(t));
            if (lane < 0 && ends.size() >= MAX_LANES) {
                leftOut++;
                continue;
            }
            if (lane < 0 || lane == ends.size()) {
                lane = ends.size();
                ends.add(0.0);
            }
            ends.set(lane, x1.applyAsDouble(t));
            laneOf.put(t.id(), lane);
            shown.add(t);
        }
        count = ends.size();
    }

    private static int firstFree(List<Double> ends, double start) {
        for (int i = 0; i < ends.size(); i++) {
            if (ends.get(i) + GAP <= start) {
                return i;
            }
        }
        return -1;
    }
}
