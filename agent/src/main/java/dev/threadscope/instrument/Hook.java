package dev.threadscope.instrument;

/**
 * One injection point: at entry of {@code owner.name desc}, call {@code bridge.entry(...)} with
 * the first {@code arguments} reference locals ({@code this} first); optionally, when the
 * method throws, call {@code bridge.onThrow(this)} and rethrow.
 */
record Hook(String bridge, String owner, String name, String desc, String entry, String entryDesc, int arguments,
            String onThrow) {
    static final String BRIDGE = "java/lang/ThreadscopeBridge";

    Hook(String owner, String name, String desc, String entry, String entryDesc, int arguments, String onThrow) {
        this(BRIDGE, owner, name, desc, entry, entryDesc, arguments, onThrow);
    }
}
