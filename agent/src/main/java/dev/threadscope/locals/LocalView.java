package dev.threadscope.locals;

/** One thread-local entry of one thread, rendered: no reference to the value survives. */
public final class LocalView {
    public final long threadId;
    public final String threadName;
    public final String threadLocalClass;
    public final String threadLocalId;
    public final String origin;
    public final boolean inheritable;
    public final boolean stale;
    public final String valueClass;
    public final String valueSummary;
    public final boolean leakSuspect;

    LocalView(Thread thread, String threadLocalClass, String threadLocalId, String origin, boolean inheritable,
              boolean stale, String valueClass, String valueSummary, boolean leakSuspect) {
        this.threadId = thread.getId();
        this.threadName = thread.getName();
        this.threadLocalClass = threadLocalClass;
        this.threadLocalId = threadLocalId;
        this.origin = origin;
        this.inheritable = inheritable;
        this.stale = stale;
        this.valueClass = valueClass;
        this.valueSummary = valueSummary;
        this.leakSuspect = leakSuspect;
    }
}
