package dev.threadscope.core;

/** Creation stacks captured natively and interned: an id per distinct stack, text on demand. */
public interface StackSource {
    /** The current thread's stack; its id, or -1 if it could not be captured. */
    int capture();

    /** The frames of a captured stack, innermost first, or null if unknown. */
    String[] resolve(int id);
}
