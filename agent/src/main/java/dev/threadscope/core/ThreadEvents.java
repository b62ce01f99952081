package dev.threadscope.core;

/**
 * What the registry needs from the JVMTI library, or from its absence. By default the library
 * posts no start events (see {@link #startEvents}). When it does, a thread whose record
 * Thread.start() completed is announced, and its start event then stays in native code; the
 * kernel id it stored is read back only when someone asks.
 */
public interface ThreadEvents {
    /**
     * Whether each new thread's start event reaches the registry unless announced. Without
     * them, Thread.start() records each thread completely (kernel id included) and attaching
     * threads are recorded by the Thread constructor the JVM runs for them.
     */
    boolean startEvents();

    /**
     * Start events from now on (someone listens for starts: they are told on the new thread,
     * once its attach is complete). Never turned off again, so that no thread that expects an
     * event misses it.
     */
    void enableStartEvents();

    /**
     * The kernel id of a live thread nobody saw start (JVM-internal, found when reading), read
     * with its monitor held; -1 if unknown.
     */
    long kernelIdLocked(Thread thread);

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
