package dev.threadscope.instrument;

/**
 * One injection point in {@code owner.name desc}: a call to {@code bridge.entry(...)} with the
 * first {@code arguments} reference locals ({@code this} first), guarded so that it can never
 * throw into the method. At method entry; or, with {@code atExit}, just before the final
 * {@code return} of a straight-line method (a constructor, where {@code this} may be passed only
 * once initialised). Optionally, when the method throws, {@code bridge.onThrow(this)} and rethrow.
 */
record Hook(String bridge, String owner, String name, String desc, String entry, String entryDesc, int arguments,
            String onThrow, boolean atExit) {
    static final String BRIDGE = "java/lang/ThreadscopeBridge";

    Hook(String owner, String name, String desc, String entry, String entryDesc, int arguments, String onThrow) {
        this(BRIDGE, owner, name, desc, entry, entryDesc, arguments, onThrow, false);
    }

    Hook(String bridge, String owner, String name, String desc, String entry, String entryDesc, int arguments,
         String onThrow) {
        this(bridge, owner, name, desc, entry, entryDesc, arguments, onThrow, false);
    }

    /** A guarded call before the final return of a straight-line method. */
    static Hook atExit(String bridge, String owner, String name, String desc, String call, String callDesc,
                       int arguments) {
        return new Hook(bridge, owner, name, desc, call, callDesc, arguments, null, true);
    }
}
