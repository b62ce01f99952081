package dev.threadscope.agent;

import dev.threadscope.core.UncaughtLog;

/**
 * threadscope's default uncaught-exception handler. It records (unless the
 * dispatchUncaughtException hook already did), then does what would have happened without
 * it: the handler that was installed before, or else the JDK's own behaviour, which is
 * ThreadGroup.uncaughtException's text on stderr (and, where that JDK still does so,
 * silence for ThreadDeath).
 */
final class DefaultHandler implements Thread.UncaughtExceptionHandler {
    private final UncaughtLog log;
    private final Thread.UncaughtExceptionHandler previous;

    DefaultHandler(UncaughtLog log, Thread.UncaughtExceptionHandler previous) {
        this.log = log;
        this.previous = previous;
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        log.record(t, e);
        if (previous != null) {
            previous.uncaughtException(t, e);
        } else if (!(JdkBehaviour.ignoresThreadDeath() && JdkBehaviour.isThreadDeath(e))) {
            // Exactly ThreadGroup.uncaughtException's text when no default handler is set.
            System.err.print("Exception in thread \"" + t.getName() + "\" ");
            e.printStackTrace(System.err);
        }
    }
}
