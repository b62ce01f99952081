package dev.threadscope.cli;

import java.io.PrintStream;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.concurrent.CompletableFuture;

import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * {@code threadscope PID watch}: thread starts and ends and uncaught exceptions, live, until
 * Ctrl-C or until the JVM watched exits.
 */
final class WatchReport implements NotificationListener {
    private final Target target;
    private final PrintStream out;
    private final SimpleDateFormat time = new SimpleDateFormat("HH:mm:ss.SSS");
    private final CompletableFuture<Void> outputClosed = new CompletableFuture<>();

    WatchReport(Target target, PrintStream out) {
        this.target = target;
        this.out = out;
    }

    /**
     * Until the JVM exits (true), or until nobody reads the output any more (false: a closed
     * pipe, as {@code watch | head} makes), or until Ctrl-C ends this JVM.
     */
    boolean run(PrintStream err) throws Exception {
        target.server().addNotificationListener(new ObjectName(Target.THREADS), this, null, null);
        target.server().addNotificationListener(new ObjectName(ErrorsReport.UNCAUGHT), this, null, null);
        out.printf("watching pid %d (Ctrl-C to stop)%n", target.pid());
        out.flush();
        if (out.checkError()) {
            return false; // nobody reads (a full disk, a closed pipe)
        }
        return target.awaitExit(outputClosed, err);
    }

    @Override
    public synchronized void handleNotification(Notification n, Object handback) {
        Object data = n.getUserData();
        if (!(data instanceof CompositeData)) {
            return;
        }
        CompositeData row = (CompositeData) data;
        String when = time.format(new Date(n.getTimeStamp()));
        switch (n.getType()) {
            case "dev.threadscope.thread.start":
                long creator = (Long) row.get("creatorId");
                out.printf("%s  start  %7d %-22s %-7s%s%n", when, (Long) row.get("id"),
                        ThreadsReport.fit((String) row.get("name"), 22), row.get("kind"),
                        creator < 0 ? "" : " by " + creator + " " + ThreadsReport.fit((String) row.get("creatorName"), 40));
                break;
            case "dev.threadscope.thread.end":
                out.printf("%s  end    %7d %-22s %-7s%n", when, (Long) row.get("id"),
                        ThreadsReport.fit((String) row.get("name"), 22), row.get("kind"));
                break;
            case "dev.threadscope.uncaught":
            case "dev.threadscope.lost":
                out.printf("%s  %-6s %7d %-22s %s%n", when, n.getType().endsWith("lost") ? "lost" : "error",
                        (Long) row.get("threadId"), ThreadsReport.fit((String) row.get("threadName"), 22),
                        ThreadsReport.fit(row.get("exceptionClass") + (String.valueOf(row.get("message")).isEmpty() ? ""
                                : ": " + row.get("message")), 40));
                break;
            default:
                return;
        }
        out.flush();
        if (out.checkError()) {
            outputClosed.complete(null);
        }
    }
}
