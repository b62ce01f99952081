package dev.threadscope.core;

/** What kind of thread it is; see docs/usage.md for the exact rules. */
public enum Kind {
    /** The initial thread of control: ran premain, or called JNI_CreateJavaVM. */
    MAIN,
    /** A platform thread started by Thread.start() with the daemon flag. */
    DAEMON,
    /** A platform thread started by Thread.start() without the daemon flag. */
    USER,
    /** Started outside Thread.start(): attached from native code (JNI, JNA, FFM upcalls). */
    ALIEN,
    /** JVM-internal: in the system thread group (Reference Handler, Finalizer, Signal Dispatcher...). */
    SYSTEM,
    /** A virtual thread (JDK 21+). */
    VIRTUAL;

    private static final Kind[] ALL = values();

    public static Kind of(int ordinal) {
        return ALL[ordinal];
    }

    public static int count() {
        return ALL.length;
    }
}
