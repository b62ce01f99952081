package dev.threadscope.jmx;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.management.MBeanNotificationInfo;
import javax.management.Notification;

import dev.threadscope.core.Kind;
import dev.threadscope.core.Registry;
import dev.threadscope.core.RegistryListener;
import dev.threadscope.core.Text;
import dev.threadscope.core.ThreadRecord;

/** The Threads MXBean over the registry. Notifications are built only while someone listens. */
public final class ThreadsBean extends EmitterBean implements ThreadsMXBean, RegistryListener {
    public static final String START = "dev.threadscope.thread.start";
    public static final String END = "dev.threadscope.thread.end";
    /** Virtual threads listed at most by Threads and threadsOfKind; the rest is counted, and paged by threadsPage. */
    public static final int MAX_VIRTUAL_ROWS = 1000;
    static final int MAX_PAGE = 10_000;

    private final Registry registry;
    private final Map<String, String> options;
    private final boolean nativeLoaded;

    public ThreadsBean(Registry registry, Map<String, String> options, boolean nativeLoaded) {
        super(MBeans.THREADS, new MBeanNotificationInfo(new String[] {START, END}, Notification.class.getName(),
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
    public long getVirtualThreadsNotListed() {
        long virtual = 0;
        for (ThreadRecord r : registry.live()) {
            if (r.kind() == Kind.VIRTUAL) {
                virtual++;
            }
        }
        return Math.max(0, virtual - MAX_VIRTUAL_ROWS);
    }

    @Override
    public List<ThreadRow> threadsPage(String kind, int offset, int limit) {
        Kind k = kind == null || kind.isBlank() || kind.trim().equals("*") ? null : parseKind(kind);
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("offset must be >= 0 and limit 1.." + MAX_PAGE + "; got offset "
                    + offset + ", limit " + limit);
        }
        List<ThreadRow> out = new ArrayList<>(Math.min(limit, 1024));
        int skipped = 0;
        for (ThreadRecord r : registry.live()) {
            if (k == null || r.kind() == k) {
                if (skipped++ >= offset) {
                    out.add(ThreadRow.of(r));
                    if (out.size() == limit) {
                        break;
                    }
                }
            }
        }
        return out;
    }

    @Override
    public List<ThreadRow> getRecentlyEnded() {
        return rows(registry.recentlyEnded(), null);
    }

    @Override
    public long getLiveMainCount() {
        return registry.counts().live(Kind.MAIN.ordinal());
    }

    @Override
    public long getLiveDaemonCount() {
        return registry.counts().live(Kind.DAEMON.ordinal());
    }

    @Override
    public long getLiveUserCount() {
        return registry.counts().live(Kind.USER.ordinal());
    }

    @Override
    public long getLiveAlienCount() {
        return registry.counts().live(Kind.ALIEN.ordinal());
    }

    @Override
    public long getLiveSystemCount() {
        return registry.counts().live(Kind.SYSTEM.ordinal());
    }

    @Override
    public long getLiveVirtualCount() {
        return registry.counts().live(Kind.VIRTUAL.ordinal());
    }

    @Override
    public long getTotalStartedCount() {
        long n = 0;
        for (int k = 0; k < Kind.count(); k++) {
            n += registry.counts().started(k);
        }
        return n;
    }

    @Override
    public long getTotalEndedCount() {
        long n = 0;
        for (int k = 0; k < Kind.count(); k++) {
            n += registry.counts().ended(k);
        }
        return n;
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
        return registry.creationStack(record(id));
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
        throw new IllegalArgumentException("unknown thread kind '" + Text.printable(kind)
                + "'; kinds are MAIN, DAEMON, USER, ALIEN, SYSTEM, VIRTUAL");
    }

    private ThreadRecord record(long id) {
        ThreadRecord r = registry.find(id);
        if (r == null) {
            throw new IllegalArgumentException("no thread with id " + id
                    + " (neither alive nor among the " + registry.historyCapacity() + " most recently ended)"
                    + registry.notFoundHint());
        }
        return r;
    }

    /** Rows of the given kind (all if null), with at most MAX_VIRTUAL_ROWS virtual threads. */
    private static List<ThreadRow> rows(List<ThreadRecord> records, Kind only) {
        List<ThreadRow> out = new ArrayList<>(Math.min(records.size(), 4096));
        int virtual = 0;
        for (ThreadRecord r : records) {
            if (only == null || r.kind() == only) {
                if (r.kind() == Kind.VIRTUAL && virtual++ >= MAX_VIRTUAL_ROWS) {
                    continue;
                }
                out.add(ThreadRow.of(r));
            }
        }
        return out;
    }

    // ---- notifications ---------------------------------------------------------------------

    @Override
    void listening(boolean on) {
        registry.setListener(on ? this : null);
    }

    @Override
    public void started(ThreadRecord record) {
        notify(START, record, "thread started: ");
    }

    @Override
    public void ended(ThreadRecord record) {
        notify(END, record, "thread ended: ");
    }

    private void notify(String type, ThreadRecord record, String what) {
        try {
            ThreadRow row = ThreadRow.of(record);
            send(type, what + row.getName() + " (" + row.getKind() + ")", row.toCompositeData());
        } catch (Throwable ignored) {
            // never into the thread that is starting or ending
        }
    }
}
