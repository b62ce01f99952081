package dev.threadscope.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

@Name("dev.threadscope.ThreadStart")
@Label("Thread Start (threadscope)")
@Category("threadscope")
@Description("A platform thread started, classified by threadscope; emitted on the new thread")
@StackTrace(false)
final class ThreadStartEvent extends jdk.jfr.Event {
    @Label("Thread Id")
    long threadId;

    @Label("Thread Name")
    String threadName;

    @Label("Kind")
    @Description("MAIN, DAEMON, USER, ALIEN, SYSTEM or VIRTUAL")
    String kind;

    @Label("Daemon")
    boolean daemon;

    @Label("Creator Id")
    @Description("The thread that called start(); -1 if unknown")
    long creatorId;

    @Label("Creator Name")
    String creatorName;
}
