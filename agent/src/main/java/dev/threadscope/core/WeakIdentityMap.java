package dev.threadscope.core;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A concurrent map with weak keys compared by identity: the JDK has WeakHashMap (equals,
 * not thread-safe) and IdentityHashMap (strong), not this. Entries whose key was collected
 * are handed to {@link #expunge} and then forgotten.
 */
public final class WeakIdentityMap<K, V> {
    private final ReferenceQueue<K> collected = new ReferenceQueue<>();
    private final ConcurrentHashMap<Object, Ref<K, V>> map = new ConcurrentHashMap<>();

    public void put(K key, V value) {
        Ref<K, V> ref = new Ref<>(key, value, collected);
        map.put(ref, ref);
    }

    /** Adds unless present; returns the value now mapped. */
    public V putIfAbsent(K key, V value) {
        Ref<K, V> ref = new Ref<>(key, value, collected);
        Ref<K, V> old = map.putIfAbsent(ref, ref);
        return old == null ? value : old.value;
    }

    public V get(K key) {
        Ref<K, V> ref = map.get(new Probe(key));
        return ref == null ? null : ref.value;
    }

    public V remove(K key) {
        Ref<K, V> ref = map.remove(new Probe(key));
        return ref == null ? null : ref.value;
    }

    public boolean isEmpty() {
        return map.isEmpty();
    }

    public int size() {
        return map.size();
    }

    /** Forgets entries whose key was collected, passing each value to {@code gone} (may be null). */
    public void expunge(Consumer<V> gone) {
        Object r;
        while ((r = collected.poll()) != null) {
            @SuppressWarnings("unchecked")
            Ref<K, V> ref = (Ref<K, V>) r;
            if (map.remove(ref) != null && gone != null) {
                gone.accept(ref.value);
            }
        }
    }

    private static final class Ref<K, V> extends WeakReference<K> {
        final int hash;
        final V value;

        Ref(K key, V value, ReferenceQueue<K> queue) {
            super(key, queue);
            this.hash = System.identityHashCode(key);
            this.value = value;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        /** A Ref equals itself, and another Ref of the same live key (for putIfAbsent). */
        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            Object k = get();
            return k != null && o instanceof Ref && ((Ref<?, ?>) o).get() == k;
        }
    }

    /** Looks a key up without making a reference to it. */
    private static final class Probe {
        final Object key;

        Probe(Object key) {
            this.key = key;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(key);
        }

        @Override
        public boolean equals(Object o) {
            return o == this || (o instanceof Ref && ((Ref<?, ?>) o).get() == key);
        }
    }
}
