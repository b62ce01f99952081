package dev.threadscope.bench;

import java.lang.instrument.Instrumentation;

/**
 * An agent that does nothing: {@code -javaagent:benchmarks.jar} measures what the JVM itself
 * charges for a Java agent (JPLIS and its JVMTI environment), which no agent can go below.
 */
public final class EmptyAgent {
    private EmptyAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        // nothing: that is the point
    }
}
