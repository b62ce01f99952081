package dev.threadscope.core;

import java.io.PrintStream;

/**
 * The agent's own messages: one line each on stderr, prefixed {@code [threadscope]}.
 * No logging framework, no java.util.logging (it would initialise the application's
 * LogManager too early).
 */
public final class Log {
    public static final int QUIET = 0;
    public static final int INFO = 1;
    public static final int DEBUG = 2;

    private static volatile int level = INFO;

    private Log() {
    }

    public static void setLevel(int newLevel) {
        level = newLevel;
    }

    public static boolean debugEnabled() {
        return level >= DEBUG;
    }

    /** Something the user should know (a bad option, a fallback); shown unless log=quiet. */
    public static void info(String message) {
        if (level >= INFO) {
            print(message);
        }
    }

    /** Something went wrong inside threadscope; the application is unaffected. */
    public static void warn(String message) {
        if (level >= INFO) {
            print(message);
        }
    }

    public static void debug(String message) {
        if (level >= DEBUG) {
            print(message);
        }
    }

    private static void print(String message) {
        try {
            PrintStream err = System.err;
            err.println("[threadscope] " + message);
        } catch (Throwable ignored) {
            // stderr closed or broken: nothing more to do
        }
    }
}
