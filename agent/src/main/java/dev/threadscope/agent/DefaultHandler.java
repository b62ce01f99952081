package dev.threadscope.agent;

import dev.threadscope.core.UncaughtLog;

/**
 * threadscope's default uncaught-exception handler. It records (unless the
 * dispatchUncaughtException hook already did), then does what would have happened without
 * it: the handler that was installed before, or else the JDK's own behaviour, which is
 * ThreadGroup.uncaughtException's text on stderr (and, where that JDK still does so,
 * silence for ThreadDeath). The text only when the JDK called it as the default handler: an
 * application handler installed later that kept the default it replaced (this one) and calls
 * it would have found none without threadscope, and printed nothing.
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
        } else if (calledByThreadGroup() && !(JdkBehaviour.ignoresThreadDeath() && JdkBehaviour.isThreadDeath(e))) {
            // Exactly ThreadGroup.uncaughtException's text when no default handler is set.
            System.err.print("Exception in thread \"" + t.getName() + "\" ");
            e.printStackTrace(System.err);
        }
    }

    /**
     * Whether ThreadGroup.uncaughtException called this, as the default handler (the JDK's path
     * for an exception no other handler took); true too if the JVM keeps no stack traces
     * ({@code -XX:-StackTraceInThrowable}). Only on the exceptional path.
     */
    static boolean calledByThreadGroup() {
        StackTraceElement[] s = new Throwable().getStackTrace();
        if (s.length < 3) {
            return true;
        }
        // [0] this method, [1] uncaughtException, [2] its caller
        return "java.lang.ThreadGroup".equals(s[2].getClassName()) && "uncaughtException".equals(s[2].getMethodName());
    }
}
