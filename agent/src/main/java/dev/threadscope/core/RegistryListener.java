package dev.threadscope.core;

/** Told of every thread start and end, on the thread concerned; must be quick and never throw. */
public interface RegistryListener {
    void started(ThreadRecord record);

    void ended(ThreadRecord record);
}
