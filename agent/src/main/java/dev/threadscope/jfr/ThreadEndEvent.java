package dev.threadscope.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

@Name("dev.threadscope.ThreadEnd")
@Label("Thread End (threadscope)")
@Category("threadscope")
@Description("A thread ended; emitted on the ending thread")
@StackTrace(false)
final class ThreadEndEvent extends jdk.jfr.Event {
    @Label("Thread Id")
    long threadId;

    @Label("Thread Name")
    String threadName;

    @Label("Kind")
    String kind;

    @Label("Daemon")
    boolean daemon;

    @Label("Creator Id")
    long creatorId;

    @Label("Creator Name")
    String creatorName;
}
