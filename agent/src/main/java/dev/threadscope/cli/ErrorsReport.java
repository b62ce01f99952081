package dev.threadscope.cli;

import java.io.PrintStream;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/** {@code threadscope PID errors}: uncaught exceptions newest first, then lost ones. */
final class ErrorsReport {
    static final String UNCAUGHT = "dev.threadscope:type=UncaughtExceptions";
    private final Target target;

    ErrorsReport(Target target) {
        this.target = target;
    }

    void print(PrintStream out, boolean json) throws Exception {
        ObjectName name = new ObjectName(UNCAUGHT);
        long total = (Long) target.server().getAttribute(name, "TotalCount");
        long lostCount = (Long) target.server().getAttribute(name, "LostCount");
        List<CompositeData> recent = rows(target.server().getAttribute(name, "Recent"));
        List<CompositeData> lost = rows(target.server().getAttribute(name, "Lost"));
        if (json) {
            Json j = new Json();
            j.open('{').key("pid").value(target.pid()).key("totalCount").value(total).key("lostCount").value(lostCount);
            j.key("recent").open('[');
            recent.forEach(j::composite);
            j.close(']').key("lost").open('[');
            lost.forEach(j::composite);
            j.close(']').close('}');
            out.println(j);
            return;
        }
        out.printf("pid %d: %d uncaught exceptions (%d shown), %d lost in futures%n", target.pid(), total,
                recent.size(), lostCount);
        table(out, recent);
        if (!lost.isEmpty()) {
            out.println();
            out.println("lost (a failed Future collected before anyone called get()):");
            table(out, lost);
        }
    }

    private static void table(PrintStream out, List<CompositeData> rows) {
        if (rows.isEmpty()) {
            return;
        }
        SimpleDateFormat time = new SimpleDateFormat("HH:mm:ss.SSS");
        out.println();
        out.printf("%-12s  %-18s %-7s %s%n", "TIME", "THREAD", "KIND", "EXCEPTION");
        for (CompositeData r : rows) {
            String exception = r.get("exceptionClass") + (((String) r.get("message")).isEmpty() ? "" : ": " + r.get("message"));
            out.printf("%-12s  %-18s %-7s %s%n", time.format(new Date((Long) r.get("timeMillis"))),
                    ThreadsReport.fit((String) r.get("threadName"), 18), r.get("threadKind"),
                    ThreadsReport.fit(exception.replace('\n', ' '), 39));
        }
    }

    private static List<CompositeData> rows(Object value) {
        List<CompositeData> out = new ArrayList<>();
        for (Object o : (Object[]) value) {
            out.add((CompositeData) o);
        }
        return out;
    }
}
