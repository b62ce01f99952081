package dev.threadscope.locals;

import java.lang.ref.Reference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.threadscope.core.WeakIdentityMap;

/**
 * threadLocalId: the ThreadLocal's identity hash in hex, with "-2", "-3"... for another one
 * that happens to share it. Stable for the ThreadLocal's life and never reused. A map entry
 * seen with a live key remembers the id, so that once the key is collected (a stale entry)
 * it still has its name; a stale entry never seen alive is "collected-" + the entry's hash.
 */
final class LocalIds {
    /** What a ThreadLocal was, kept per map entry for when it is gone. */
    static final class Known {
        final String id;
        final String className;
        final String origin;

        Known(String id, String className, String origin) {
            this.id = id;
            this.className = className;
            this.origin = origin;
        }
    }

    private final WeakIdentityMap<Object, String> ids = new WeakIdentityMap<>();
    private final WeakIdentityMap<Object, Known> entries = new WeakIdentityMap<>();
    private final Set<String> issued = ConcurrentHashMap.newKeySet();

    String idOf(ThreadLocal<?> threadLocal) {
        String id = ids.get(threadLocal);
        if (id != null) {
            return id;
        }
        ids.expunge(null);
        entries.expunge(null);
        String base = Integer.toHexString(System.identityHashCode(threadLocal));
        String candidate = base;
        for (int n = 2; !issued.add(candidate); n++) {
            candidate = base + "-" + n;
        }
        String won = ids.putIfAbsent(threadLocal, candidate);
        return won;
    }

    void remember(Reference<?> entry, Known known) {
        if (entries.get(entry) == null) {
            entries.put(entry, known);
        }
    }

    /** What a stale entry's ThreadLocal was, if it was ever seen alive. */
    Known known(Reference<?> entry) {
        return entries.get(entry);
    }

    static String staleId(Reference<?> entry) {
        return "collected-" + Integer.toHexString(System.identityHashCode(entry));
    }

    boolean issued(String id) {
        return issued.contains(id);
    }
}
