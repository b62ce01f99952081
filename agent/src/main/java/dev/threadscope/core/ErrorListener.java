package dev.threadscope.core;

/** Told of each uncaught or lost exception as it is recorded; must be quick and never throw. */
public interface ErrorListener {
    void uncaught(ErrorRecord record);

    void lost(ErrorRecord record);
}
