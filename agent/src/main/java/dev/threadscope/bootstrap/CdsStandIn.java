package dev.threadscope.bootstrap;

/**
 * Stands for {@code jdk.internal.misc.CDS} in the bridge's source: BridgeDefiner renames the
 * bridge's one reference to this class into that one when it defines the bridge inside
 * java.base, where the JDK class is accessible (javac's --release cannot compile against it,
 * and a method handle would spin classes at start-up). Never loaded by the running agent.
 */
final class CdsStandIn {
    private CdsStandIn() {
    }

    /** JDK 24+: whether this JVM writes a static archive (an AOT training or assembly run). */
    static boolean isDumpingStaticArchive() {
        return false;
    }
}
