package dev.threadscope.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Started and ended counts per kind; live = started - ended (exact once quiet). */
public final class KindCounts {
    private final LongAdder[] started = adders();
    private final LongAdder[] ended = adders();

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[Kind.count()];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    public void started(Kind kind) {
        started[kind.ordinal()].increment();
    }

    public void ended(Kind kind) {
        ended[kind.ordinal()].increment();
    }

    public long started(int kind) {
        return started[kind].sum();
    }

    public long ended(int kind) {
        return ended[kind].sum();
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
