package dev.threadscope.bootstrap;

/**
 * Stands for {@code jdk.internal.misc.Unsafe} in the bridge's source, as {@link CdsStandIn}
 * stands for jdk.internal.misc.CDS: BridgeDefiner renames this class's name, and the one
 * descriptor that names it ({@code getUnsafe()}'s), when it defines the bridge inside
 * java.base. Never loaded by the running agent.
 */
final class UnsafeStandIn {
    private UnsafeStandIn() {
    }

    static UnsafeStandIn getUnsafe() {
        return null;
    }

    /** Whether {@code c} is not initialized yet (or is being initialized by some thread). */
    boolean shouldBeInitialized(Class<?> c) {
        return true;
    }
}
