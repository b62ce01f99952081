package dev.threadscope.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/** {@code threadscope PID locals TID} and {@code threadscope PID locals --summary}. */
final class LocalsReport {
    static final String LOCALS = "dev.threadscope:type=ThreadLocals";
    private final Target target;

    LocalsReport(Target target) {
        this.target = target;
    }

    void thread(PrintStream out, long threadId, boolean json) throws Exception {
        List<CompositeData> rows = rows(target.server().invoke(new ObjectName(LOCALS), "threadLocals",
                new Object[] {threadId}, new String[] {"long"}));
        if (json) {
            printJson(out, rows);
            return;
        }
        out.printf("pid %d, thread %d: %d thread-local entries%n%n", target.pid(), threadId, rows.size());
        out.printf("%-13s %-28s %-36s%n", "ID", "THREADLOCAL / ORIGIN", "VALUE");
        for (CompositeData r : rows) {
            String flags = ((Boolean) r.get("inheritable") ? " inheritable" : "") + ((Boolean) r.get("stale") ? " STALE" : "")
                    + ((Boolean) r.get("leakSuspect") ? " LEAK?" : "");
            out.printf("%-13s %-28s %-36s%n", ThreadsReport.fit((String) r.get("threadLocalId"), 13),
                    ThreadsReport.fit(simple((String) r.get("threadLocalClass")) + flags, 28),
                    ThreadsReport.fit((String) r.get("valueSummary"), 36));
            String origin = (String) r.get("origin");
            if (!origin.isEmpty()) {
                out.printf("%-13s   from %s%n", "", ThreadsReport.fit(origin, 59));
            }
            String value = (String) r.get("valueSummary");
            int shown = value.indexOf(": "); // values=show: "type@id size=n: rendering"
            if (value.length() > 36 && shown > 0) { // the rendering, cut from the column, on a line of its own
                out.printf("%-13s   value %s%n", "", ThreadsReport.fit(value.substring(shown + 2), 58));
            }
        }
    }

    void summary(PrintStream out, boolean json) throws Exception {
        List<CompositeData> rows = rows(target.server().invoke(new ObjectName(LOCALS), "summary", new Object[0],
                new String[0]));
        if (json) {
            printJson(out, rows);
            return;
        }
        out.printf("pid %d: %d ThreadLocals held by live threads%n%n", target.pid(), rows.size());
        out.printf("%-13s %7s %5s  %-50s%n", "ID", "HOLDERS", "STALE", "THREADLOCAL / ORIGIN");
        for (CompositeData r : rows) {
            String origin = (String) r.get("origin");
            out.printf("%-13s %7d %5d  %-50s%n", ThreadsReport.fit((String) r.get("threadLocalId"), 13),
                    (Long) r.get("holders"), (Long) r.get("stale"),
                    ThreadsReport.fit(origin.isEmpty() ? (String) r.get("threadLocalClass") : origin, 50));
        }
    }

    private static void printJson(PrintStream out, List<CompositeData> rows) {
        Json j = new Json().open('[');
        for (CompositeData r : rows) {
            j.composite(r);
        }
        out.println(j.close(']'));
    }

    private static String simple(String className) {
        return className.startsWith("java.lang.") ? className.substring(10) : className;
    }

    private static List<CompositeData> rows(Object value) {
        List<CompositeData> out = new ArrayList<>();
        for (Object o : (Object[]) value) {
            out.add((CompositeData) o);
        }
        return out;
    }
}
