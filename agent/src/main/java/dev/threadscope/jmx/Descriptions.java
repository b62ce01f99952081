package dev.threadscope.jmx;

import java.util.Map;

/** What each MBean, attribute and operation means, as consoles show it. */
final class Descriptions {
    static final String THREADS_BEAN = "Every thread of this JVM by kind (MAIN, DAEMON, USER, ALIEN from native code, SYSTEM, "
            + "VIRTUAL): who created it, from where, and when it ended. Notifications: dev.threadscope.thread.start/end.";
    static final Map<String, String> THREADS = Map.ofEntries(
            Map.entry("LiveCounts", "Live threads per kind"),
            Map.entry("StartedCounts", "Threads started per kind since threadscope loaded (those alive at load included)"),
            Map.entry("EndedCounts", "Threads ended per kind since threadscope loaded"),
            Map.entry("Threads", "The live threads, by id (at most 1,000 virtual ones)"),
            Map.entry("RecentlyEnded", "Ended threads, newest first, at most 'history' of them"),
            Map.entry("NativeAgentLoaded", "Whether the JVMTI library is in use (false: pure-Java fallback)"),
            Map.entry("Options", "The agent options as parsed, defaults included"),
            Map.entry("VirtualThreadsNotListed", "Live virtual threads left out of Threads by its cap (see threadsPage)"),
            Map.entry("LiveMainCount", "Live MAIN threads (0 or 1)"),
            Map.entry("LiveDaemonCount", "Live daemon threads started by Thread.start()"),
            Map.entry("LiveUserCount", "Live non-daemon threads started by Thread.start()"),
            Map.entry("LiveAlienCount", "Live threads attached from native code (JNI, JNA, FFM upcalls)"),
            Map.entry("LiveSystemCount", "Live JVM-internal threads"),
            Map.entry("LiveVirtualCount", "Live virtual threads"),
            Map.entry("TotalStartedCount", "Threads of every kind started since threadscope loaded"),
            Map.entry("TotalEndedCount", "Threads of every kind ended since threadscope loaded"),
            Map.entry("thread", "One live or recently ended thread by id"),
            Map.entry("creationStack", "The creating thread's stack at Thread.start(), starting at that frame"),
            Map.entry("threadsOfKind", "The live threads of one kind (at most 1,000 virtual ones)"),
            Map.entry("threadsPage", "Live threads of one kind ('*' for all), limit (1..10000) from offset, by id"));

    static final String UNCAUGHT_BEAN = "Every exception that escaped a thread, and those captured by a Future that nobody "
            + "read before it was collected. Notifications: dev.threadscope.uncaught, dev.threadscope.lost.";
    static final Map<String, String> UNCAUGHT = Map.of(
            "TotalCount", "Uncaught exceptions since load or the last clear()",
            "CountsByType", "Uncaught exceptions per exception class",
            "Recent", "The newest uncaught exceptions first, at most 'history'",
            "LostCount", "Exceptions captured by a FutureTask that was collected without get() ever being called",
            "Lost", "The newest lost exceptions first, at most 'history'",
            "clear", "Forget every recorded exception and reset the counts");

    static final String LOCALS_BEAN = "Every live thread's ThreadLocal values, read without disturbing the threads; "
            + "stale entries (the ThreadLocal collected, the value still held) are leaks.";
    static final Map<String, String> LOCALS = Map.of(
            "threadLocals", "The ThreadLocal entries of one live thread",
            "holdersOf", "Every live thread holding a value for one ThreadLocal (by threadLocalId)",
            "summary", "One row per ThreadLocal held by any live thread, with holder and stale counts",
            "ValuesMode", "How values are shown: type (no application code runs) or show");

    /**
     * Each operation's parameters in order, as name then description: consoles label an
     * operation's fields with these (an MXBean's own are p0, p1, ...).
     */
    static final Map<String, String[]> PARAMETERS = Map.of(
            "thread", new String[] {"id", "A thread's id (Thread.getId(), the id column of Threads)"},
            "creationStack", new String[] {"id", "A thread's id (Thread.getId(), the id column of Threads)"},
            "threadsOfKind", new String[] {"kind", "MAIN, DAEMON, USER, ALIEN, SYSTEM or VIRTUAL"},
            "threadsPage", new String[] {"kind", "MAIN, DAEMON, USER, ALIEN, SYSTEM, VIRTUAL, or * for all",
                "offset", "How many threads to skip, in id order (0 for the first page)",
                "limit", "At most this many threads (1 to 10000)"},
            "threadLocals", new String[] {"threadId", "A live thread's id (Thread.getId(), the id column of Threads)"},
            "holdersOf", new String[] {"threadLocalId", "A ThreadLocal's id, from threadLocals or summary"});

    private Descriptions() {
    }
}
