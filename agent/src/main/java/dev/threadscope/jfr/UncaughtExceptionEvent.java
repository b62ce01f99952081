package dev.threadscope.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

@Name("dev.threadscope.UncaughtException")
@Label("Uncaught Exception (threadscope)")
@Category("threadscope")
@Description("An exception escaped a thread (recorded once, whatever handlers the application set)")
@StackTrace(false)
final class UncaughtExceptionEvent extends jdk.jfr.Event {
    @Label("Thread Id")
    long threadId;

    @Label("Thread Name")
    String threadName;

    @Label("Kind")
    String kind;

    @Label("Exception Class")
    String exceptionClass;

    @Label("Message")
    String message;
}
