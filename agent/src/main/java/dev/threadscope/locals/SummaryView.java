package dev.threadscope.locals;

/** One ThreadLocal across all threads: how many hold a value, how many of those are stale. */
public final class SummaryView {
    public final String threadLocalClass;
    public final String threadLocalId;
    public final String origin;
    public long holders;
    public long stale;
    public long leakSuspects;

    SummaryView(String threadLocalClass, String threadLocalId, String origin) {
        this.threadLocalClass = threadLocalClass;
        this.threadLocalId = threadLocalId;
        this.origin = origin;
    }
}
