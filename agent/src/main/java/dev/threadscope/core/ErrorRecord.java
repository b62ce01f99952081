package dev.threadscope.core;

/** One uncaught (or lost) exception, already rendered: nothing here keeps the throwable alive. */
public final class ErrorRecord {
    private final long timeMillis;
    private final long threadId;
    private final String threadName;
    private final Kind threadKind;
    private final String exceptionClass;
    private final String message;
    private final String stackTrace;

    ErrorRecord(long timeMillis, Thread thread, Kind kind, Throwable error) {
        this.timeMillis = timeMillis;
        this.threadId = thread.getId();
        this.threadName = thread.getName();
        this.threadKind = kind;
        this.exceptionClass = error.getClass().getName();
        this.message = ThrowableText.message(error);
        this.stackTrace = ThrowableText.render(error);
    }

    public long timeMillis() {
        return timeMillis;
    }

    public long threadId() {
        return threadId;
    }

    public String threadName() {
        return threadName;
    }

    public Kind threadKind() {
        return threadKind;
    }

    public String exceptionClass() {
        return exceptionClass;
    }

    /** The message, "" if null; a marker if getMessage() threw. */
    public String message() {
        return message;
    }

    public String stackTrace() {
        return stackTrace;
    }
}
