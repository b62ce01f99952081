package dev.threadscope.jmx;

import javax.management.ConstructorParameters;

import dev.threadscope.locals.LocalView;

/** One thread-local entry of one thread (threadLocals, holdersOf). */
public final class LocalRow {
    private final long threadId;
    private final String threadName;
    private final String threadLocalClass;
    private final String threadLocalId;
    private final String origin;
    private final boolean inheritable;
    private final boolean stale;
    private final String valueClass;
    private final String valueSummary;
    private final boolean leakSuspect;

    @ConstructorParameters({"threadId", "threadName", "threadLocalClass", "threadLocalId", "origin", "inheritable",
        "stale", "valueClass", "valueSummary", "leakSuspect"})
    public LocalRow(long threadId, String threadName, String threadLocalClass, String threadLocalId, String origin,
                    boolean inheritable, boolean stale, String valueClass, String valueSummary, boolean leakSuspect) {
        this.threadId = threadId;
        this.threadName = threadName;
        this.threadLocalClass = threadLocalClass;
        this.threadLocalId = threadLocalId;
        this.origin = origin;
        this.inheritable = inheritable;
        this.stale = stale;
        this.valueClass = valueClass;
        this.valueSummary = valueSummary;
        this.leakSuspect = leakSuspect;
    }

    static LocalRow of(LocalView v) {
        return new LocalRow(v.threadId, v.threadName, v.threadLocalClass, v.threadLocalId, v.origin, v.inheritable,
                v.stale, v.valueClass, v.valueSummary, v.leakSuspect);
    }

    public long getThreadId() {
        return threadId;
    }

    public String getThreadName() {
        return threadName;
    }

    public String getThreadLocalClass() {
        return threadLocalClass;
    }

    public String getThreadLocalId() {
        return threadLocalId;
    }

    public String getOrigin() {
        return origin;
    }

    public boolean isInheritable() {
        return inheritable;
    }

    public boolean isStale() {
        return stale;
    }

    public String getValueClass() {
        return valueClass;
    }

    public String getValueSummary() {
        return valueSummary;
    }

    public boolean isLeakSuspect() {
        return leakSuspect;
    }
}
