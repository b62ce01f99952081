package dev.threadscope.instrument;

/**
 * One injection point: at entry of {@code owner.name desc}, call {@code ThreadscopeBridge.entry}
 * with the first {@code arguments} reference locals ({@code this} first); optionally, when the
 * method throws, call {@code ThreadscopeBridge.onThrow(this)} and rethrow.
 */
record Hook(String owner, String name, String desc, String entry, String entryDesc, int arguments, String onThrow) {
    static final String BRIDGE = "java/lang/ThreadscopeBridge";

    boolean matches(String methodName, String methodDesc) {
        return name.equals(methodName) && desc.equals(methodDesc);
    }
}
