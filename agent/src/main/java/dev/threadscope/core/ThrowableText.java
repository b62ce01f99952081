package dev.threadscope.core;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Renders a throwable the way printStackTrace does (causes, suppressed, "... n more"), but
 * bounded (64 frames per throwable, 16 throwables) and safe: a getMessage(), toString() or
 * getStackTrace() that throws or returns null gives a marker, never an exception.
 */
public final class ThrowableText {
    static final int MAX_FRAMES = 64;
    static final int MAX_THROWABLES = 16;

    private ThrowableText() {
    }

    public static String message(Throwable t) {
        try {
            String m = t.getMessage();
            return m == null ? "" : m;
        } catch (Throwable e) {
            return "<getMessage() threw " + e.getClass().getName() + ">";
        }
    }

    public static String render(Throwable t) {
        StringBuilder b = new StringBuilder(1024);
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        append(b, t, "", "", new StackTraceElement[0], seen);
        return b.toString();
    }

    private static void append(StringBuilder b, Throwable t, String caption, String indent,
                               StackTraceElement[] enclosing, Set<Throwable> seen) {
        if (!seen.add(t)) {
            b.append(indent).append(caption).append("[CIRCULAR REFERENCE: ").append(t.getClass().getName()).append("]\n");
            return;
        }
        if (seen.size() > MAX_THROWABLES) {
            b.append(indent).append(caption).append("... more throwables omitted\n");
            return;
        }
        b.append(indent).append(caption).append(headline(t)).append('\n');
        StackTraceElement[] frames = frames(t);
        int m = frames.length - 1;
        int n = enclosing.length - 1;
        while (m >= 0 && n >= 0 && frames[m].equals(enclosing[n])) {
            m--;
            n--;
        }
        int common = frames.length - 1 - m;
        int shown = Math.min(m + 1, MAX_FRAMES);
        for (int i = 0; i < shown; i++) {
            b.append(indent).append("\tat ").append(frames[i]).append('\n');
        }
        if (shown < m + 1) {
            b.append(indent).append("\t... ").append(m + 1 - shown).append(" frames omitted\n");
        }
        if (common != 0) {
            b.append(indent).append("\t... ").append(common).append(" more\n");
        }
        for (Throwable s : suppressed(t)) {
            append(b, s, "Suppressed: ", indent + "\t", frames, seen);
        }
        Throwable cause = cause(t);
        if (cause != null) {
            append(b, cause, "Caused by: ", indent, frames, seen);
        }
    }

    /** What toString() gives, or the class name and message if toString() misbehaves. */
    static String headline(Throwable t) {
        try {
            String s = t.toString();
            if (s != null) {
                return s;
            }
        } catch (Throwable ignored) {
            // below
        }
        String m = message(t);
        return t.getClass().getName() + (m.isEmpty() ? "" : ": " + m);
    }

    private static StackTraceElement[] frames(Throwable t) {
        try {
            StackTraceElement[] f = t.getStackTrace();
            return f == null ? new StackTraceElement[0] : f;
        } catch (Throwable e) {
            return new StackTraceElement[0];
        }
    }

    private static Throwable[] suppressed(Throwable t) {
        try {
            Throwable[] s = t.getSuppressed();
            return s == null ? new Throwable[0] : s;
        } catch (Throwable e) {
            return new Throwable[0];
        }
    }

    private static Throwable cause(Throwable t) {
        try {
            return t.getCause();
        } catch (Throwable e) {
            return null;
        }
    }
}
