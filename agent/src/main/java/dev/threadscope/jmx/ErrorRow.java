package dev.threadscope.jmx;

import javax.management.ConstructorParameters;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

import dev.threadscope.core.ErrorRecord;

/** One uncaught or lost exception as JMX shows it. */
public final class ErrorRow {
    static final String[] ITEMS = {"timeMillis", "threadId", "threadName", "threadKind", "exceptionClass", "message",
        "stackTrace"};
    private static final OpenType<?>[] TYPES = {SimpleType.LONG, SimpleType.LONG, SimpleType.STRING,
        SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING};
    private static volatile CompositeType type;

    private final long timeMillis;
    private final long threadId;
    private final String threadName;
    private final String threadKind;
    private final String exceptionClass;
    private final String message;
    private final String stackTrace;

    @ConstructorParameters({"timeMillis", "threadId", "threadName", "threadKind", "exceptionClass", "message",
        "stackTrace"})
    public ErrorRow(long timeMillis, long threadId, String threadName, String threadKind, String exceptionClass,
                    String message, String stackTrace) {
        this.timeMillis = timeMillis;
        this.threadId = threadId;
        this.threadName = threadName;
        this.threadKind = threadKind;
        this.exceptionClass = exceptionClass;
        this.message = message;
        this.stackTrace = stackTrace;
    }

    static ErrorRow of(ErrorRecord r) {
        return new ErrorRow(r.timeMillis(), r.threadId(), r.threadName(), r.threadKind().name(), r.exceptionClass(),
                r.message(), r.stackTrace());
    }

    public long getTimeMillis() {
        return timeMillis;
    }

    public long getThreadId() {
        return threadId;
    }

    public String getThreadName() {
        return threadName;
    }

    public String getThreadKind() {
        return threadKind;
    }

    public String getExceptionClass() {
        return exceptionClass;
    }

    public String getMessage() {
        return message;
    }

    /** Like printStackTrace, with causes and suppressed exceptions; at most 64 frames per throwable. */
    public String getStackTrace() {
        return stackTrace;
    }

    CompositeData toCompositeData() throws OpenDataException {
        CompositeType t = type;
        if (t == null) {
            t = new CompositeType(ErrorRow.class.getName(), "An uncaught or lost exception", ITEMS, ITEMS, TYPES);
            type = t;
        }
        return new CompositeDataSupport(t, ITEMS,
                new Object[] {timeMillis, threadId, threadName, threadKind, exceptionClass, message, stackTrace});
    }
}
