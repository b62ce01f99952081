package dev.threadscope.jmx;

import java.util.List;
import java.util.Map;

/**
 * {@code dev.threadscope:type=Threads}: every thread threadscope has seen, by kind.
 * Also emits {@code dev.threadscope.thread.start} / {@code dev.threadscope.thread.end}
 * notifications whose user data is the thread's row.
 */
public interface ThreadsMXBean {
    /** Live threads per kind. */
    Map<String, Long> getLiveCounts();

    /** Threads started per kind since threadscope loaded (threads alive at load included). */
    Map<String, Long> getStartedCounts();

    /** Threads ended per kind since threadscope loaded. */
    Map<String, Long> getEndedCounts();

    /** The live threads, by id; at most 1,000 virtual ones (see VirtualThreadsNotListed, threadsPage). */
    List<ThreadRow> getThreads();

    /** Live virtual threads left out of Threads and threadsOfKind("VIRTUAL") by their cap. */
    long getVirtualThreadsNotListed();

    /** Live threads of one kind ("*" or empty: all), {@code limit} (1..10,000) from {@code offset}, by id. */
    List<ThreadRow> threadsPage(String kind, int offset, int limit);

    /** Ended threads, newest first, at most {@code history} of them. */
    List<ThreadRow> getRecentlyEnded();

    /** Live MAIN threads, as a plain number consoles and exporters can chart. */
    long getLiveMainCount();

    long getLiveDaemonCount();

    long getLiveUserCount();

    long getLiveAlienCount();

    long getLiveSystemCount();

    long getLiveVirtualCount();

    /** Threads of every kind started since threadscope loaded. */
    long getTotalStartedCount();

    /** Threads of every kind ended since threadscope loaded. */
    long getTotalEndedCount();

    /** Whether the JVMTI library is in use (false: pure-Java fallback). */
    boolean isNativeAgentLoaded();

    /** The agent options as parsed, defaults included. */
    Map<String, String> getOptions();

    /** One thread, live or recently ended; IllegalArgumentException if unknown. */
    ThreadRow thread(long id);

    /** The creating thread's stack at Thread.start(), outermost last; empty if not captured. */
    String[] creationStack(long id);

    /** The live threads of one kind (MAIN, DAEMON, USER, ALIEN, SYSTEM, VIRTUAL); at most 1,000 virtual. */
    List<ThreadRow> threadsOfKind(String kind);
}
