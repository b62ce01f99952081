package dev.threadscope.jmx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.ListenerNotFoundException;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;

import dev.threadscope.core.Kind;
import dev.threadscope.core.Registry;
import dev.threadscope.core.RegistryListener;
import dev.threadscope.core.ThreadRecord;

/** The Threads MXBean over the registry. Notifications are built only while someone listens. */
public final class ThreadsBean extends NotificationBroadcasterSupport implements ThreadsMXBean, RegistryListener {
    public static final String START = "dev.threadscope.thread.start";
    public static final String END = "dev.threadscope.thread.end";

    private final Registry registry;
    private final Map<String, String> options;
    private final boolean nativeLoaded;
    private final Map<NotificationListener, Integer> listeners = new HashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    public ThreadsBean(Registry registry, Map<String, String> options, boolean nativeLoaded) {
        super(new Notifier(), new MBeanNotificationInfo(new String[] {START, END}, Notification.class.getName(),
                "A thread started or ended; user data is its row"));
        this.registry = registry;
        this.options = options;
        this.nativeLoaded = nativeLoaded;
    }

    @Override
    public Map<String, Long> getLiveCounts() {
        return registry.counts().liveMap();
    }

    @Override
    public Map<String, Long> getStartedCounts() {
        return registry.counts().startedMap();
    }

    @Override
    public Map<String, Long> getEndedCounts() {
        return registry.counts().endedMap();
    }

    @Override
    public List<ThreadRow> getThreads() {
        return rows(registry.live(), null);
    }

    @Override
    public List<ThreadRow> getRecentlyEnded() {
        return rows(registry.recentlyEnded(), null);
    }

    @Override
    public boolean isNativeAgentLoaded() {
        return nativeLoaded;
    }

    @Override
    public Map<String, String> getOptions() {
        return options;
    }

    @Override
    public ThreadRow thread(long id) {
        return ThreadRow.of(record(id));
    }

    @Override
    public String[] creationStack(long id) {
        StackTraceElement[] frames = record(id).creationStack();
        String[] out = new String[frames.length];
        for (int i = 0; i < frames.length; i++) {
            out[i] = frames[i].toString();
        }
        return out;
    }

    @Override
    public List<ThreadRow> threadsOfKind(String kind) {
        return rows(registry.live(), parseKind(kind));
    }

    static Kind parseKind(String kind) {
        if (kind != null) {
            for (Kind k : Kind.values()) {
                if (k.name().equals(kind.trim().toUpperCase(Locale.ROOT))) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException("unknown thread kind '" + kind + "'; kinds are MAIN, DAEMON, USER, ALIEN, SYSTEM, VIRTUAL");
    }

    private ThreadRecord record(long id) {
        ThreadRecord r = registry.find(id);
        if (r == null) {
            throw new IllegalArgumentException("no thread with id " + id
                    + " (neither alive nor among the " + registry.historyCapacity() + " most recently ended)");
        }
        return r;
    }

    private static List<ThreadRow> rows(List<ThreadRecord> records, Kind only) {
        List<ThreadRow> out = new ArrayList<>(records.size());
        for (ThreadRecord r : records) {
            if (only == null || r.kind() == only) {
                out.add(ThreadRow.of(r));
            }
        }
        return out;
    }

    // ---- notifications ---------------------------------------------------------------------

    @Override
    public void addNotificationListener(NotificationListener listener, NotificationFilter filter, Object handback) {
        super.addNotificationListener(listener, filter, handback);
        synchronized (listeners) {
            listeners.merge(listener, 1, Integer::sum);
            registry.setListener(this);
        }
    }

    @Override
    public void removeNotificationListener(NotificationListener listener) throws ListenerNotFoundException {
        super.removeNotificationListener(listener);
        synchronized (listeners) {
            listeners.remove(listener);
            listenersChanged();
        }
    }

    @Override
    public void removeNotificationListener(NotificationListener listener, NotificationFilter filter, Object handback)
            throws ListenerNotFoundException {
        super.removeNotificationListener(listener, filter, handback);
        synchronized (listeners) {
            listeners.computeIfPresent(listener, (l, n) -> n > 1 ? n - 1 : null);
            listenersChanged();
        }
    }

    private void listenersChanged() {
        if (listeners.isEmpty()) {
            registry.setListener(null);
        }
    }

    @Override
    public void started(ThreadRecord record) {
        send(START, record, "thread started: ");
    }

    @Override
    public void ended(ThreadRecord record) {
        send(END, record, "thread ended: ");
    }

    private void send(String type, ThreadRecord record, String what) {
        try {
            ThreadRow row = ThreadRow.of(record);
            Notification n = new Notification(type, MBeans.THREADS, sequence.incrementAndGet(),
                    System.currentTimeMillis(), what + row.getName() + " (" + row.getKind() + ")");
            n.setUserData(row.toCompositeData());
            sendNotification(n);
        } catch (Throwable ignored) {
            // never into the thread that is starting or ending
        }
    }
}
