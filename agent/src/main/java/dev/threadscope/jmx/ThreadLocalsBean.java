package dev.threadscope.jmx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.threadscope.core.Kind;
import dev.threadscope.core.Registry;
import dev.threadscope.core.ThreadRecord;
import dev.threadscope.core.Threads;
import dev.threadscope.locals.LocalView;
import dev.threadscope.locals.LocalsInspector;
import dev.threadscope.locals.SummaryView;

/** The ThreadLocals MXBean. */
public final class ThreadLocalsBean implements ThreadLocalsMXBean {
    private final Registry registry;
    private final LocalsInspector inspector;
    private final String mode;

    public ThreadLocalsBean(Registry registry, LocalsInspector inspector, String mode) {
        this.registry = registry;
        this.inspector = inspector;
        this.mode = mode;
    }

    @Override
    public List<LocalRow> threadLocals(long threadId) {
        Thread thread = live(threadId);
        if (thread == null) {
            throw new IllegalArgumentException("no live thread with id " + threadId + registry.notFoundHint());
        }
        return rows(inspector.threadLocals(thread));
    }

    @Override
    public List<LocalRow> holdersOf(String threadLocalId) {
        if (threadLocalId == null || threadLocalId.isBlank()) {
            throw new IllegalArgumentException("no ThreadLocal id given (ids come from threadLocals or summary)");
        }
        return rows(inspector.holdersOf(threadLocalId.trim(), threads()));
    }

    @Override
    public List<SummaryRow> summary() {
        List<SummaryRow> out = new ArrayList<>();
        for (SummaryView v : inspector.summary(threads())) {
            out.add(SummaryRow.of(v));
        }
        return out;
    }

    @Override
    public String getValuesMode() {
        return mode;
    }

    private Thread live(long id) {
        ThreadRecord r = registry.find(id);
        Thread t = r == null ? null : r.thread();
        if (t != null && t.isAlive()) {
            return t;
        }
        for (Thread candidate : Threads.all()) {
            if (candidate.getId() == id) {
                return candidate;
            }
        }
        return null;
    }

    /** Every live platform thread, and the virtual threads threadscope tracks. */
    private Collection<Thread> threads() {
        Set<Thread> all = new LinkedHashSet<>(List.of(Threads.all()));
        for (ThreadRecord r : registry.live()) {
            Thread t = r.thread();
            if (t != null && r.kind() == Kind.VIRTUAL) {
                all.add(t);
            }
        }
        return all;
    }

    private static List<LocalRow> rows(List<LocalView> views) {
        List<LocalRow> out = new ArrayList<>(views.size());
        for (LocalView v : views) {
            out.add(LocalRow.of(v));
        }
        return out;
    }
}
