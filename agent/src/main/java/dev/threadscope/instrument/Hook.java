package dev.threadscope.instrument;

/**
 * One injection point in {@code owner.name desc}: a call to {@code bridge.entry(...)} with the
 * first {@code arguments} reference locals ({@code this} first), guarded so that it can never
 * throw into the method. At method entry; or, with {@code atExit}, just before the final
 * {@code return} of a straight-line method (a constructor, where {@code this} may be passed only
 * once initialised). Optionally, when the method throws, {@code bridge.onThrow(this)} and rethrow.
 * Or, with {@code replaces} ("owner.name" of a no-argument instance method, whose descriptor
 * is then {@code ()V}), every call to that method inside {@code owner.name desc} becomes a call
 * to {@code bridge.entry(receiver)} instead (see {@link CallReplacer}).
 */
record Hook(String bridge, String owner, String name, String desc, String entry, String entryDesc, int arguments,
            String onThrow, boolean atExit, String replaces) {
    static final String BRIDGE = "java/lang/ThreadscopeBridge";

    Hook(String owner, String name, String desc, String entry, String entryDesc, int arguments, String onThrow) {
        this(BRIDGE, owner, name, desc, entry, entryDesc, arguments, onThrow, false, null);
    }

    Hook(String bridge, String owner, String name, String desc, String entry, String entryDesc, int arguments,
         String onThrow) {
        this(bridge, owner, name, desc, entry, entryDesc, arguments, onThrow, false, null);
    }

    /** A guarded call before the final return of a straight-line method. */
    static Hook atExit(String bridge, String owner, String name, String desc, String call, String callDesc,
                       int arguments) {
        return new Hook(bridge, owner, name, desc, call, callDesc, arguments, null, true, null);
    }

    /**
     * In {@code owner.name desc}, calls to {@code owner.called()V} go to the static
     * {@code bridge.replacement(owner)V}, which must make the original call itself.
     */
    static Hook replacingCall(String owner, String name, String desc, String called, String replacement) {
        return new Hook(BRIDGE, owner, name, desc, replacement, "(L" + owner + ";)V", 1, null, false, called);
    }
}
