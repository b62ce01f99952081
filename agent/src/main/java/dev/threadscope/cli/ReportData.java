package dev.threadscope.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.management.openmbean.CompositeData;

/**
 * What {@code threadscope PID report} gathered: thread lifetimes, uncaught exceptions and live
 * counts per kind. Filled from JMX snapshots and from notifications (on JMX client threads),
 * read once the watch is over.
 */
final class ReportData {
    /** Lifetimes (and exceptions) kept at most; a watch of a JVM churning 100,000 threads a second must not exhaust the CLI. */
    static final int MAX_LIFETIMES = 200_000;

    record Lifetime(long id, String name, String kind, boolean daemon, long start, long end) {
        boolean ended() {
            return end >= 0;
        }
    }

    record Mark(long time, long threadId, String threadName, String kind, String exception, String message, boolean lost) {
    }

    /** Live counts at {@code time}, in {@link ThreadsReport#KINDS} order. */
    record Sample(long time, long[] counts) {
        long total() {
            long sum = 0;
            for (long c : counts) {
                sum += c;
            }
            return sum;
        }
    }

    final long pid;
    private final Map<Long, Lifetime> lifetimes = new HashMap<>();
    private final Map<String, Mark> marks = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private long notKept;
    long watchStart;
    long watchEnd;
    /** Why the watch ended early (the JVM exited, the connection broke), or null. */
    String cutShort;
    /** Notifications the JVM dropped because they were not fetched fast enough (guarded by this). */
    private long notificationsLost;

    ReportData(long pid) {
        this.pid = pid;
    }

    /** A thread row from a snapshot or a notification; an ended row wins over a live one. */
    synchronized void thread(CompositeData row) {
        long id = (Long) row.get("id");
        Lifetime known = lifetimes.get(id);
        if (known == null && lifetimes.size() >= MAX_LIFETIMES) {
            notKept++;
            return;
        }
        if (known == null || !known.ended()) {
            lifetimes.put(id, new Lifetime(id, (String) row.get("name"), (String) row.get("kind"),
                    (Boolean) row.get("daemon"), (Long) row.get("startMillis"), (Long) row.get("endMillis")));
        }
    }

    /** An exception row; seen both in a snapshot and in a notification, it is kept once. */
    synchronized void exception(CompositeData row, boolean lost) {
        Mark m = new Mark((Long) row.get("timeMillis"), (Long) row.get("threadId"), (String) row.get("threadName"),
                (String) row.get("threadKind"), (String) row.get("exceptionClass"), java.util.Objects.toString(row.get("message"), ""), lost);
        String key = m.time() + "/" + m.threadId() + "/" + m.exception() + "/" + lost + "/" + m.message();
        if (marks.size() < MAX_LIFETIMES || marks.containsKey(key)) {
            marks.putIfAbsent(key, m);
        } else {
            notKept++;
        }
    }

    synchronized void sample(long time, long[] counts) {
        samples.add(new Sample(time, counts));
    }

    synchronized List<Lifetime> lifetimes() {
        return new ArrayList<>(lifetimes.values());
    }

    synchronized List<Mark> marks() {
        return new ArrayList<>(marks.values());
    }

    synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    synchronized void notificationsLost(long n) {
        notificationsLost += n;
    }

    synchronized long notificationsLost() {
        return notificationsLost;
    }

    synchronized long notKept() {
        return notKept;
    }

    /** Where the page's time axes end: the end of the watch. */
    long end() {
        return Math.max(watchEnd, watchStart + 1);
    }
}
