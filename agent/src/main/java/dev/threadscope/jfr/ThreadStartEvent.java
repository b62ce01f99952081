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
final class ThreadStartEvent extends ThreadEvent {
}
