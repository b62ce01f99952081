package dev.threadscope.bench;

/**
 * The JVM arguments of each variant. Paths are relative to the repository root, where
 * scripts/bench runs JMH.
 */
final class Args {
    static final String AGENT = "-javaagent:agent/target/threadscope-agent.jar";
    static final String AGENT_STACKS_OFF = AGENT + "=stacks=off";
    static final String AGENT_NATIVE_OFF = AGENT + "=native=off";
    static final String AGENT_TRACK = AGENT + "=virtual=track";
    static final String JFR = "-XX:StartFlightRecording=settings=test-apps/benchmarks/threads.jfc,disk=false";

    private Args() {
    }
}
