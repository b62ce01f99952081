package dev.threadscope.core;

/** Told of every thread start and end, on the thread concerned; must be quick and never throw. */
public interface RegistryListener {
    void started(ThreadRecord record);

    void ended(ThreadRecord record);

    /**
     * Whether starts must be told as they happen, on the new thread. A listener that is not
     * active lets the registry count announced threads at Thread.start() instead.
     */
    default boolean active() {
        return true;
    }
}
