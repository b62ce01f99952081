package dev.threadscope.cli;

import java.io.IOException;

import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * The watch behind {@code threadscope PID report}: a snapshot of the threads, the recently
 * ended ones and the recent exceptions (so that the time before the report shows too), then
 * notifications and a sample of the live counts every {@value #SAMPLE_MILLIS} ms, then a last
 * snapshot for whatever the notifier's bounded queue dropped.
 */
final class ReportRecorder implements NotificationListener {
    static final long SAMPLE_MILLIS = 250;
    private final Target target;
    private final ReportData data;

    ReportRecorder(Target target, ReportData data) {
        this.target = target;
        this.data = data;
    }

    /** Watches for {@code seconds} (0: one snapshot); a JVM that goes away ends the watch early, noted in the data. */
    void record(int seconds) throws Exception {
        MBeanServerConnection server = target.server();
        ObjectName threads = new ObjectName(Target.THREADS);
        ObjectName uncaught = new ObjectName(ErrorsReport.UNCAUGHT);
        data.watchStart = System.currentTimeMillis();
        if (seconds > 0) {
            target.onNotificationsLost(data::notificationsLost);
            server.addNotificationListener(threads, this, null, null);
            server.addNotificationListener(uncaught, this, null, null);
        }
        snapshot(server, threads, uncaught);
        long deadline = data.watchStart + seconds * 1000L;
        try {
            while (true) {
                sample(server, threads);
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                Thread.sleep(Math.min(left, SAMPLE_MILLIS));
            }
            if (seconds > 0) {
                snapshot(server, threads, uncaught);
            }
        } catch (IOException e) {
            data.cutShort = target.exited() ? "the JVM exited during the watch" : "lost the connection: " + Target.describe(e);
        } finally {
            data.watchEnd = System.currentTimeMillis();
        }
    }

    private void snapshot(MBeanServerConnection server, ObjectName threads, ObjectName uncaught) throws Exception {
        for (String attribute : new String[] {"RecentlyEnded", "Threads"}) {
            for (Object row : (Object[]) server.getAttribute(threads, attribute)) {
                data.thread((CompositeData) row);
            }
        }
        for (Object row : (Object[]) server.getAttribute(uncaught, "Recent")) {
            data.exception((CompositeData) row, false);
        }
        for (Object row : (Object[]) server.getAttribute(uncaught, "Lost")) {
            data.exception((CompositeData) row, true);
        }
    }

    private void sample(MBeanServerConnection server, ObjectName threads) throws Exception {
        TabularData live = (TabularData) server.getAttribute(threads, "LiveCounts");
        long[] counts = new long[ThreadsReport.KINDS.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = ThreadsReport.count(live, ThreadsReport.KINDS[i]);
        }
        data.sample(System.currentTimeMillis(), counts);
    }

    @Override
    public void handleNotification(Notification n, Object handback) {
        if (!(n.getUserData() instanceof CompositeData)) {
            return;
        }
        CompositeData row = (CompositeData) n.getUserData();
        switch (n.getType()) {
            case "dev.threadscope.thread.start":
            case "dev.threadscope.thread.end":
                data.thread(row);
                break;
            case "dev.threadscope.uncaught":
            case "dev.threadscope.lost":
                data.exception(row, n.getType().endsWith("lost"));
                break;
            default:
                break;
        }
    }
}
