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
final class ThreadEndEvent extends ThreadEvent {
}
