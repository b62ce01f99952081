package dev.threadscope.jmx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.management.MBeanNotificationInfo;
import javax.management.Notification;

import dev.threadscope.core.ErrorListener;
import dev.threadscope.core.ErrorRecord;
import dev.threadscope.core.LostFutures;
import dev.threadscope.core.UncaughtLog;

/** The UncaughtExceptions MXBean over the log and the lost-future watch. */
public final class UncaughtBean extends EmitterBean implements UncaughtExceptionsMXBean, ErrorListener {
    public static final String UNCAUGHT = "dev.threadscope.uncaught";
    public static final String LOST = "dev.threadscope.lost";

    private final UncaughtLog log;
    private final LostFutures futures;

    public UncaughtBean(UncaughtLog log, LostFutures futures) {
        super(MBeans.UNCAUGHT, new MBeanNotificationInfo(new String[] {UNCAUGHT, LOST}, Notification.class.getName(),
                "An exception escaped a thread, or a failed Future was collected unread; user data is its row"));
        this.log = log;
        this.futures = futures;
    }

    @Override
    public long getTotalCount() {
        return log.total();
    }

    @Override
    public Map<String, Long> getCountsByType() {
        return log.countsByType();
    }

    @Override
    public List<ErrorRow> getRecent() {
        return rows(log.recent());
    }

    @Override
    public long getLostCount() {
        return futures == null ? 0 : futures.count();
    }

    @Override
    public List<ErrorRow> getLost() {
        return futures == null ? List.of() : rows(futures.lost());
    }

    @Override
    public void clear() {
        log.clear();
        if (futures != null) {
            futures.clear();
        }
    }

    private static List<ErrorRow> rows(List<ErrorRecord> records) {
        List<ErrorRow> out = new ArrayList<>(records.size());
        for (ErrorRecord r : records) {
            out.add(ErrorRow.of(r));
        }
        return out;
    }

    @Override
    void listening(boolean on) {
        log.setListener(on ? this : null);
        if (futures != null) {
            futures.setListener(on ? this : null);
        }
    }

    @Override
    public void uncaught(ErrorRecord record) {
        notify(UNCAUGHT, record, "uncaught ");
    }

    @Override
    public void lost(ErrorRecord record) {
        notify(LOST, record, "lost (a failed Future collected unread) ");
    }

    private void notify(String type, ErrorRecord record, String what) {
        try {
            ErrorRow row = ErrorRow.of(record);
            send(type, what + row.getExceptionClass() + " in thread " + row.getThreadName(), row.toCompositeData());
        } catch (Throwable ignored) {
            // never into the failing thread
        }
    }
}
