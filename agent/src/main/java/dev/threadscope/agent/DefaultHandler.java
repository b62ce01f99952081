package dev.threadscope.agent;

import dev.threadscope.core.UncaughtLog;

/**
 * threadscope's default uncaught-exception handler. It records (unless the
 * dispatchUncaughtException hook already did), then does what would have happened without
 * it: the handler that was installed before, or else the JDK's own behaviour, which is
 * ThreadGroup.uncaughtException's text on stderr (and, where that JDK still does so,
 * silence for ThreadDeath). Except when the application's current default handler, installed
 * after this one, is the caller: it kept the default it found (this one) to pass exceptions on
 * to, as crash reporters do, and without threadscope would have found none; then nothing is
 * printed.
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
        } else if (!calledByItsReplacement() && !(JdkBehaviour.ignoresThreadDeath() && JdkBehaviour.isThreadDeath(e))) {
            // Exactly ThreadGroup.uncaughtException's text when no default handler is set.
            System.err.print("Exception in thread \"" + t.getName() + "\" ");
            e.printStackTrace(System.err);
        }
    }

    /**
     * Whether the current default handler, which replaced this one, called it (its class, or for a
     * lambda the class that declares it, is the caller). Any other caller gets the JDK's text as
     * it would have without threadscope: the JDK's dispatch (through the thread group, or through
     * a thread's or a pool's copy of the default taken while this one was it), or application
     * code that calls the default handler itself. Only on the exceptional path.
     */
    private boolean calledByItsReplacement() {
        Thread.UncaughtExceptionHandler current = Thread.getDefaultUncaughtExceptionHandler();
        if (current == null || current == this) {
            return false;
        }
        try {
            StackTraceElement[] s = new Throwable().getStackTrace();
            if (s.length < 3) {
                return false; // no stack traces (-XX:-StackTraceInThrowable): the JDK's text
            }
            // [0] this method, [1] uncaughtException, [2] its caller
            String caller = s[2].getClassName();
            Class<?> c = current.getClass();
            return caller.equals(c.getName()) || caller.equals(c.getNestHost().getName());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
