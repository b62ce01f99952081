package dev.threadscope.jmx;

import java.util.List;

/** {@code dev.threadscope:type=ThreadLocals}: every thread's ThreadLocal values, read safely. */
public interface ThreadLocalsMXBean {
    /** The entries (threadLocals and inheritableThreadLocals) of one live thread. */
    List<LocalRow> threadLocals(long threadId);

    /** Every live thread holding a value for this ThreadLocal (the threading.local view). */
    List<LocalRow> holdersOf(String threadLocalId);

    /** One row per ThreadLocal held by any live thread, with holder and stale counts. */
    List<SummaryRow> summary();

    /** How values are shown: "type" (no application code runs, nothing secret leaves) or "show". */
    String getValuesMode();
}
