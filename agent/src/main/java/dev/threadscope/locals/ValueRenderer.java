package dev.threadscope.locals;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A thread-local value as text. {@code values=type}: class, identity and, for JDK collections,
 * maps, arrays and CharSequences, a size; no method of any application class is called.
 * {@code values=show} adds a rendering of at most {@link #MAX} characters: JDK value types
 * directly, arrays element by element, anything else through a guarded, time-limited toString().
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
        if (c.isArray()) { // an array's own toString() is its type and hash: show its elements
            return c.getComponentType().isPrimitive() ? elements(value)
                    : guarded.render(new Elements(value), value, deadlineNanos);
        }
        // Keyed by class for the application's own (its toString() is what hangs), by identity for
        // the JDK's: a JDK collection hangs in an element's toString(), and the next list or map
        // (every MDC map) must not be taken for it.
        return guarded.render(value, isJdk(c) ? value : c, deadlineNanos);
    }

    /**
     * An array's elements as {@code [a, b, c]}, built up to about {@link #MAX} characters, nested
     * arrays to a depth of 3. Elements are rendered by their own toString(): for arrays of
     * objects this runs through the guard ({@link Elements}), as any application object's does.
     * (Log4j 2.24+ keeps each thread's context map as such an array: size, then keys and values.)
     */
    static String elements(Object array) {
        StringBuilder b = new StringBuilder();
        appendElements(b, array, 0);
        return b.toString();
    }

    private static void appendElements(StringBuilder b, Object array, int depth) {
        int n = Array.getLength(array);
        b.append('[');
        for (int i = 0; i < n; i++) {
            if (b.length() > MAX) {
                b.append("...");
                break;
            }
            if (i > 0) {
                b.append(", ");
            }
            Object e = Array.get(array, i);
            if (e == array) {
                b.append("(this array)");
            } else if (e != null && e.getClass().isArray() && depth < 2) {
                appendElements(b, e, depth + 1);
            } else {
                b.append(e);
            }
        }
        b.append(']');
    }

    /** An array of objects, whose toString() (run by the guard's worker) renders its elements. */
    private static final class Elements {
        private final Object array;

        Elements(Object array) {
            this.array = array;
        }

        @Override
        public String toString() {
            return elements(array);
        }
    }

    /**
     * JDK classes whose size() or length() reads a field or a lock-free count of their own: no
     * lock, no application code (a wrapper such as Collections.unmodifiableList asks the
     * application's list; a sub-map asks its comparator, and so does a TreeSet made by headSet(),
     * tailSet(), subSet() or descendingSet(), which is a plain TreeSet over a sub-map; Vector and
     * Hashtable lock; WeakHashMap expunges, writing into a map another thread owns). Exact
     * classes: a subclass may override.
     */
    private static final Set<String> SIZED = Set.of("java.lang.String", "java.lang.StringBuilder",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque", "java.util.PriorityQueue",
            "java.util.HashMap", "java.util.LinkedHashMap", "java.util.HashSet", "java.util.LinkedHashSet",
            "java.util.TreeMap", "java.util.IdentityHashMap", "java.util.EnumMap",
            "java.util.Arrays$ArrayList", "java.util.Collections$EmptyList", "java.util.Collections$EmptySet",
            "java.util.Collections$EmptyMap", "java.util.Collections$SingletonList",
            "java.util.Collections$SingletonSet", "java.util.Collections$SingletonMap",
            "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.CopyOnWriteArrayList",
            "java.util.concurrent.CopyOnWriteArraySet");

    /** A size that costs no application code and takes no lock; "" for anything else. */
    static String size(Object value) {
        Class<?> c = value.getClass();
        if (c.isArray()) {
            return " length=" + Array.getLength(value);
        }
        String name = c.getName();
        if (c.getClassLoader() != null
                || !(SIZED.contains(name) || name.startsWith("java.util.ImmutableCollections$"))) {
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
        } catch (Throwable concurrentlyModified) {
            return ""; // never a message: it could carry the value
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
