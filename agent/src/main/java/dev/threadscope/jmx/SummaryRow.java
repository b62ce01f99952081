package dev.threadscope.jmx;

import javax.management.ConstructorParameters;

import dev.threadscope.locals.SummaryView;

/** One ThreadLocal across all live threads (summary). */
public final class SummaryRow {
    private final String threadLocalClass;
    private final String threadLocalId;
    private final String origin;
    private final long holders;
    private final long stale;
    private final long leakSuspects;

    @ConstructorParameters({"threadLocalClass", "threadLocalId", "origin", "holders", "stale", "leakSuspects"})
    public SummaryRow(String threadLocalClass, String threadLocalId, String origin, long holders, long stale,
                      long leakSuspects) {
        this.threadLocalClass = threadLocalClass;
        this.threadLocalId = threadLocalId;
        this.origin = origin;
        this.holders = holders;
        this.stale = stale;
        this.leakSuspects = leakSuspects;
    }

    static SummaryRow of(SummaryView v) {
        return new SummaryRow(v.threadLocalClass, v.threadLocalId, v.origin, v.holders, v.stale, v.leakSuspects);
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

    /** Threads holding a value for it. */
    public long getHolders() {
        return holders;
    }

    /** Of those, entries whose ThreadLocal was collected while the value is still held. */
    public long getStale() {
        return stale;
    }

    /** Of the stale ones, values from a class loader foreign to the thread (the web-app leak). */
    public long getLeakSuspects() {
        return leakSuspects;
    }
}
