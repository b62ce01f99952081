package dev.threadscope.agent;

import dev.threadscope.core.Threads;

/**
 * After a dynamic attach the thread that ran main() is not the current one. The rule: the
 * live, non-daemon thread named "main" in the thread group named "main" (what the java
 * launcher creates). None found (main() has returned, or a custom launcher): no MAIN row.
 */
final class MainThread {
    private MainThread() {
    }

    static Thread find() {
        for (Thread t : Threads.all()) {
            ThreadGroup g = t.getThreadGroup();
            if ("main".equals(t.getName()) && !t.isDaemon() && g != null && "main".equals(g.getName())) {
                return t;
            }
        }
        return null;
    }
}
