package dev.threadscope.locals;

import java.lang.reflect.Field;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads another thread's ThreadLocalMaps (threadLocals and inheritableThreadLocals) while
 * its owner keeps changing them. Read only: never expunges, resizes or writes; never blocks
 * the owner (the maps have no locks). Torn reads are tolerated: the table array read is a
 * snapshot of references, an entry seen twice (moved by the owner's own expunging) is kept
 * once, one missed is missed. java.lang is opened to the agent at load (redefineModule).
 */
final class MapReader {
    /** One entry as read; holds the value only until the caller's row is built. */
    static final class Raw {
        final Reference<?> entry;
        final ThreadLocal<?> key; // null: stale (the ThreadLocal was collected)
        final Object value;
        final boolean inheritable;

        Raw(Reference<?> entry, ThreadLocal<?> key, Object value, boolean inheritable) {
            this.entry = entry;
            this.key = key;
            this.value = value;
            this.inheritable = inheritable;
        }
    }

    private static final class Fields {
        static final Field THREAD_LOCALS = field(Thread.class, "threadLocals");
        static final Field INHERITABLE = field(Thread.class, "inheritableThreadLocals");
        static final Field TABLE = field(THREAD_LOCALS.getType(), "table");
        static final Field VALUE = field(TABLE.getType().getComponentType(), "value");

        private static Field field(Class<?> c, String name) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot read " + c.getName() + "." + name + " on this JDK: " + e, e);
            }
        }
    }

    private MapReader() {
    }

    /** The entries of both maps of {@code thread}; empty once it has ended (the JDK clears them). */
    static List<Raw> read(Thread thread) {
        List<Raw> out = new ArrayList<>();
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        read(thread, Fields.THREAD_LOCALS, false, out, seen);
        read(thread, Fields.INHERITABLE, true, out, seen);
        return out;
    }

    private static void read(Thread thread, Field mapField, boolean inheritable, List<Raw> out, Map<Object, Boolean> seen) {
        try {
            Object map = mapField.get(thread);
            if (map == null) {
                return;
            }
            Object[] table = (Object[]) Fields.TABLE.get(map); // null for JDK 19+'s NOT_SUPPORTED map
            if (table == null) {
                return;
            }
            for (Object slot : table) {
                if (!(slot instanceof Reference)) {
                    continue;
                }
                Reference<?> entry = (Reference<?>) slot;
                Object key = entry.get();
                Object value = Fields.VALUE.get(entry);
                if (key == null && value == null) {
                    continue; // already expunged by its owner
                }
                if (seen.put(key != null ? key : entry, Boolean.TRUE) == null && (key == null || key instanceof ThreadLocal)) {
                    out.add(new Raw(entry, (ThreadLocal<?>) key, value, inheritable));
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read thread-locals: " + e.getMessage(), e);
        }
    }
}
