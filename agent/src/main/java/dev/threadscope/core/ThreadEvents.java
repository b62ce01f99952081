package dev.threadscope.core;

/**
 * What the registry needs from the JVMTI library, or from its absence. With the library, a
 * thread whose record Thread.start() completed is announced, and its start event then stays in
 * native code; the kernel id it stored is read back only when someone asks.
 */
public interface ThreadEvents {
    /** Whether each new thread's start event reaches the registry unless announced. */
    boolean startEvents();

    /**
     * Thread {@code id} is about to start and its record is complete. True: no start event
     * will reach the registry for it (confirm it now); false: one will.
     */
    boolean announce(long id);

    /** The start of an announced thread failed. */
    void withdraw(long id);

    /** The kernel id stored by {@code thread}'s start event, or -1. */
    long storedOsThreadId(Thread thread);

    /** On the ending thread {@code id} itself: its kernel id (the library forgets it), or -1. */
    long endOsThreadId(long id);
}
