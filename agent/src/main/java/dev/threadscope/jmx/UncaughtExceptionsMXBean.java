package dev.threadscope.jmx;

import java.util.List;
import java.util.Map;

/**
 * {@code dev.threadscope:type=UncaughtExceptions}: every exception that escaped a thread, and
 * those an ExecutorService captured in a Future that nobody looked at ("lost"). Emits
 * {@code dev.threadscope.uncaught} and {@code dev.threadscope.lost}, user data = the row.
 */
public interface UncaughtExceptionsMXBean {
    /** Uncaught exceptions since load (or the last clear()). */
    long getTotalCount();

    /** Uncaught exceptions per exception class. */
    Map<String, Long> getCountsByType();

    /** The newest uncaught exceptions first, at most {@code history}. */
    List<ErrorRow> getRecent();

    /** Exceptions captured by a FutureTask that was collected without get() ever being called. */
    long getLostCount();

    /** The newest lost exceptions first, at most {@code history}. */
    List<ErrorRow> getLost();

    /** Forgets every recorded exception and resets the counts. */
    void clear();
}
