package dev.threadscope.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;

/** The fields that threadscope's thread start and end events share. */
abstract class ThreadEvent extends jdk.jfr.Event {
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
