package dev.threadscope.core;

/** Echoing user input back in a message: at most 60 characters, no control characters. */
public final class Text {
    private Text() {
    }

    public static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 60; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || (c >= 0x7f && c <= 0x9f) ? '?' : c);
        }
        return s.length() > 60 ? b + "..." : b.toString();
    }
}
