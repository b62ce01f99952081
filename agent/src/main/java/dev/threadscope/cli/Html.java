package dev.threadscope.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Text made safe for an HTML page: escaped, clipped, control characters replaced; and the kinds' colours. */
final class Html {
    /** One colour per kind, in {@link ThreadsReport#KINDS} order; the page's CSS classes k0..k5 use them. */
    static final String[] COLOURS = {"#4e79a7", "#59a14f", "#f28e2b", "#b07aa1", "#9d9d9d", "#76b7b2"};
    static final String EXCEPTION_COLOUR = "#d62728";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private Html() {
    }

    /**
     * {@code s} cut to {@code max} characters (a surrogate pair is never split) and escaped for
     * text or a quoted attribute. Names come from the application: they may hold markup, quotes,
     * control characters, lone surrogates or 100,000 characters.
     */
    static String text(String s, int max) {
        if (s == null) {
            return "";
        }
        int end = s.length() <= max ? s.length() : max - (Character.isHighSurrogate(s.charAt(max - 1)) ? 1 : 0);
        StringBuilder b = new StringBuilder(end + 16);
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '&': b.append("&amp;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&#39;"); break;
                default:
                    if (c < 0x20 && c != '\n' || c == 0x7f) {
                        b.append(' ');
                    } else if (Character.isSurrogate(c) && !pairAt(s, i, end)) {
                        b.append('\ufffd'); // a lone surrogate cannot be written as UTF-8
                    } else {
                        b.append(c);
                        if (Character.isHighSurrogate(c)) {
                            b.append(s.charAt(++i));
                        }
                    }
            }
        }
        return end < s.length() ? b.append('\u2026').toString() : b.toString();
    }

    private static boolean pairAt(String s, int i, int end) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1));
    }

    static String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis));
    }

    /** A pixel value with at most one decimal, so that 10,000 bars stay a small file. */
    static String px(double v) {
        long tenths = Math.round(v * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : Double.toString(tenths / 10.0);
    }

    static int kindIndex(String kind) {
        for (int i = 0; i < ThreadsReport.KINDS.length; i++) {
            if (ThreadsReport.KINDS[i].equals(kind)) {
                return i;
            }
        }
        return 2; // an unknown kind (none exists today) is drawn as USER
    }
}
