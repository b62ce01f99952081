package dev.threadscope.locals;

import java.lang.ref.Reference;
import java.util.LinkedHashSet;
import java.util.concurrent.ConcurrentHashMap;

import dev.threadscope.core.WeakIdentityMap;

/**
 * threadLocalId: the ThreadLocal's identity hash in hex, with "-2", "-3"... for another one
 * that happens to share it. Stable for the ThreadLocal's life, and not given to another while held. A map entry
 * seen with a live key remembers the id, so that once the key is collected (a stale entry)
 * it still has its name; a stale entry never seen alive is "collected-" + the entry's hash.
 * An id is held as long as its ThreadLocal or an entry that remembers it is: then it is
 * forgotten (so that an application making ThreadLocals by the million, inspected again and
 * again, does not make this grow without bound), and a later ThreadLocal with the same identity
 * hash could get it again.
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
    /**
     * The last ids forgotten: a client that read an id a moment ago (summary(), then
     * holdersOf(id)) gets an empty answer for a ThreadLocal that went away meanwhile, not an
     * "unknown id" error. Bounded, oldest dropped first.
     */
    static final int FORGOTTEN = 4096;
    private final LinkedHashSet<String> forgotten = new LinkedHashSet<>();

    /** Each id issued, with how many hold it: its ThreadLocal (while alive) and the entries that remember it. */
    private final ConcurrentHashMap<String, Integer> issued = new ConcurrentHashMap<>();

    String idOf(ThreadLocal<?> threadLocal) {
        String id = ids.get(threadLocal);
        if (id != null) {
            return id;
        }
        expunge();
        String base = Integer.toHexString(System.identityHashCode(threadLocal));
        String candidate = base;
        for (int n = 2; issued.putIfAbsent(candidate, 1) != null; n++) {
            candidate = base + "-" + n;
        }
        String won = ids.putIfAbsent(threadLocal, candidate);
        if (!candidate.equals(won)) {
            release(candidate); // another caller named it first
        }
        return won;
    }

    void remember(Reference<?> entry, Known known) {
        if (entries.get(entry) == null && entries.putIfAbsent(entry, known) == known) {
            issued.merge(known.id, 1, Integer::sum);
        }
    }

    /** Forgets the ids of collected ThreadLocals and entries that nothing else holds. */
    void expunge() {
        ids.expunge(this::release);
        entries.expunge(k -> release(k.id));
    }

    private void release(String id) {
        if (issued.computeIfPresent(id, (k, holders) -> holders <= 1 ? null : holders - 1) == null) {
            synchronized (forgotten) {
                forgotten.add(id);
                if (forgotten.size() > FORGOTTEN) {
                    forgotten.remove(forgotten.iterator().next());
                }
            }
        }
    }

    /** Ids held now (for tests). */
    int held() {
        return issued.size();
    }

    /** What a stale entry's ThreadLocal was, if it was ever seen alive. */
    Known known(Reference<?> entry) {
        return entries.get(entry);
    }

    static String staleId(Reference<?> entry) {
        return "collected-" + Integer.toHexString(System.identityHashCode(entry));
    }

    /**
     * Whether {@code id} has the form of {@link #staleId}: such an entry, once gone, has no holder
     * left to find, which is not an error (its id was never kept anywhere to check against).
     */
    static boolean isStaleId(String id) {
        int from = "collected-".length();
        if (!id.startsWith("collected-") || id.length() == from || id.length() > from + 8) {
            return false;
        }
        for (int i = from; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code id} was issued: held now, or forgotten lately. */
    boolean issued(String id) {
        if (issued.containsKey(id)) {
            return true;
        }
        synchronized (forgotten) {
            return forgotten.contains(id);
        }
    }
}
