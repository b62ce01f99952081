package dev.threadscope.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Started and ended counts per kind; live = started - ended (exact once quiet).
 *
 * <p>Platform threads are counted with one {@link AtomicLong} per kind and direction: a
 * platform thread's start or end takes tens of microseconds and the JVM's own thread-list lock,
 * so one atomic add is no contention point, and the first {@link LongAdder} of a JVM costs
 * ~1 ms of start-up (its class initialises VarHandles and ThreadLocalRandom; measured on 17 and
 * 25), which premain would pay for the main thread's count. Virtual threads start by the
 * million on every carrier: they are counted by LongAdders, made when the first one starts
 * (by then, with the JDK's default root thread container, the JDK has initialised LongAdder
 * for its own count of virtual threads).
 */
public final class KindCounts {
    private static final int VIRTUAL = Kind.VIRTUAL.ordinal();

    // The started ones first, then the ended ones: a creator's count and an ending thread's
    // count of the same kind are more than a cache line apart (16 bytes per AtomicLong).
    private final AtomicLong[] started = atomics();
    private final AtomicLong[] ended = atomics();
    private volatile LongAdder virtualStarted;
    private volatile LongAdder virtualEnded;

    private static AtomicLong[] atomics() {
        AtomicLong[] a = new AtomicLong[Kind.count()];
        for (int i = 0; i < a.length; i++) {
            a[i] = new AtomicLong();
        }
        return a;
    }

    public void started(Kind kind) {
        if (kind.ordinal() == VIRTUAL) {
            LongAdder v = virtualStarted;
            (v != null ? v : virtualAdders(true)).increment();
        } else {
            started[kind.ordinal()].incrementAndGet();
        }
    }

    public void ended(Kind kind) {
        if (kind.ordinal() == VIRTUAL) {
            LongAdder v = virtualEnded;
            (v != null ? v : virtualAdders(false)).increment();
        } else {
            ended[kind.ordinal()].incrementAndGet();
        }
    }

    /** The virtual threads' adders, made once (both together: an end never finds its start's missing). */
    private synchronized LongAdder virtualAdders(boolean starts) {
        if (virtualStarted == null) {
            virtualEnded = new LongAdder();
            virtualStarted = new LongAdder(); // last: the unsynchronized readers test this one first
        }
        return starts ? virtualStarted : virtualEnded;
    }

    public long started(int kind) {
        if (kind == VIRTUAL) {
            LongAdder v = virtualStarted;
            return v == null ? 0 : v.sum();
        }
        return started[kind].get();
    }

    public long ended(int kind) {
        if (kind == VIRTUAL) {
            LongAdder v = virtualEnded;
            return v == null ? 0 : v.sum();
        }
        return ended[kind].get();
    }

    public long live(int kind) {
        return Math.max(0, started(kind) - ended(kind));
    }

    public Map<String, Long> startedMap() {
        return map(0);
    }

    public Map<String, Long> endedMap() {
        return map(1);
    }

    public Map<String, Long> liveMap() {
        return map(2);
    }

    private Map<String, Long> map(int which) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int k = 0; k < Kind.count(); k++) {
            long v = which == 0 ? started(k) : which == 1 ? ended(k) : live(k);
            m.put(Kind.of(k).name(), v);
        }
        return m;
    }
}
