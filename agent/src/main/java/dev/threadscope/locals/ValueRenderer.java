package dev.threadscope.locals;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;

/**
 * A thread-local value as text. {@code values=type}: class, identity and, for JDK collections,
 * maps, arrays and CharSequences, a size; no method of any application class is called.
 * {@code values=show} adds a rendering of at most {@link #MAX} characters: JDK value types
 * directly, anything else through a guarded, time-limited toString().
 */
final class ValueRenderer {
    static final int MAX = 256;
    private static final Set<Class<?>> PLAIN = Set.of(String.class, Boolean.class, Character.class, Byte.class,
            Short.class, Integer.class, Long.class, Float.class, Double.class, BigInteger.class, BigDecimal.class,
            UUID.class, Class.class);

    private final boolean show;
    private final GuardedToString guarded = new GuardedToString();

    ValueRenderer(boolean show) {
        this.show = show;
    }

    boolean showing() {
        return show;
    }

    String summary(Object value, long deadlineNanos) {
        if (value == null) {
            return "null";
        }
        String type = value.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(value)) + size(value);
        return show ? type + ": " + clip(render(value, deadlineNanos)) : type;
    }

    private String render(Object value, long deadlineNanos) {
        Class<?> c = value.getClass();
        if (PLAIN.contains(c) || (isJdk(c) && c.getName().startsWith("java.time."))) {
            return String.valueOf(value);
        }
        if (value instanceof Enum && isJdk(c)) {
            return ((Enum<?>) value).name();
        }
        return guarded.render(value, deadlineNanos);
    }

    /** A size that costs no application code and takes no lock. */
    static String size(Object value) {
        Class<?> c = value.getClass();
        if (c.isArray()) {
            return " length=" + Array.getLength(value);
        }
        if (!isJdk(c) || c.getName().contains("Synchronized") || value instanceof BlockingQueue
                || value instanceof StringBuffer) {
            return "";
        }
        try {
            if (value instanceof CharSequence) {
                return " length=" + ((CharSequence) value).length();
            }
            if (value instanceof Collection) {
                return " size=" + ((Collection<?>) value).size();
            }
            if (value instanceof Map) {
                return " size=" + ((Map<?, ?>) value).size();
            }
        } catch (RuntimeException concurrentlyModified) {
            return "";
        }
        return "";
    }

    static boolean isJdk(Class<?> c) {
        ClassLoader l = c.getClassLoader();
        return l == null || l == ClassLoader.getPlatformClassLoader();
    }

    private static String clip(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX + 16));
        int i = 0;
        for (; i < s.length() && b.length() < MAX; i++) {
            char ch = s.charAt(i);
            if (ch == '\n') {
                b.append("\\n");
            } else if (ch < 0x20 || ch == 0x7f) {
                b.append('?');
            } else {
                b.append(ch);
            }
        }
        return i < s.length() ? b + "..." : b.toString();
    }
}
