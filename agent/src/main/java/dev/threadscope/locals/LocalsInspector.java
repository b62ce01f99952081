package dev.threadscope.locals;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.threadscope.core.Text;

/**
 * The threading.local view of a running JVM: every thread's ThreadLocal entries, who holds a
 * given ThreadLocal, and a summary per ThreadLocal with stale (leaked) entries counted.
 */
public final class LocalsInspector {
    /** Total time one call may spend in application toString() methods (values=show). */
    static final long RENDER_BUDGET_MILLIS = 1000;

    private final Origins origins;
    private final LocalIds ids = new LocalIds();
    private final ValueRenderer renderer;

    public LocalsInspector(Origins origins, boolean showValues) {
        this.origins = origins;
        this.renderer = new ValueRenderer(showValues);
    }

    /** The entries of one thread; empty if it ends while being read. */
    public List<LocalView> threadLocals(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RENDER_BUDGET_MILLIS);
        List<LocalView> out = new ArrayList<>();
        for (MapReader.Raw raw : MapReader.read(thread)) {
            out.add(view(thread, raw, deadline));
        }
        return out;
    }

    /** The threads among {@code threads} that hold a value for {@code threadLocalId}. */
    public List<LocalView> holdersOf(String threadLocalId, Collection<Thread> threads) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RENDER_BUDGET_MILLIS);
        List<LocalView> out = new ArrayList<>();
        for (Thread t : threads) {
            for (MapReader.Raw raw : MapReader.read(t)) {
                if (threadLocalId.equals(idOf(raw))) {
                    out.add(view(t, raw, deadline));
                }
            }
        }
        if (out.isEmpty() && !ids.issued(threadLocalId) && !LocalIds.isStaleId(threadLocalId)) {
            throw new IllegalArgumentException("unknown ThreadLocal id '" + Text.printable(threadLocalId)
                    + "' (ids come from threadLocals(threadId) or summary())");
        }
        return out;
    }

    /** One row per ThreadLocal held by any of {@code threads}. Values are not rendered. */
    public Collection<SummaryView> summary(Collection<Thread> threads) {
        Map<String, SummaryView> byId = new LinkedHashMap<>();
        for (Thread t : threads) {
            for (MapReader.Raw raw : MapReader.read(t)) {
                String id = idOf(raw);
                SummaryView s = byId.get(id);
                if (s == null) {
                    s = new SummaryView(className(raw), id, origin(raw));
                    byId.put(id, s);
                }
                s.holders++;
                if (raw.key == null) {
                    s.stale++;
                    if (leakSuspect(t, raw)) {
                        s.leakSuspects++;
                    }
                }
            }
        }
        return byId.values();
    }

    private LocalView view(Thread t, MapReader.Raw raw, long deadline) {
        Object value = raw.value;
        return new LocalView(t, className(raw), idOf(raw), origin(raw), raw.inheritable, raw.key == null,
                value == null ? "" : value.getClass().getName(), renderer.summary(value, deadline),
                leakSuspect(t, raw));
    }

    private String idOf(MapReader.Raw raw) {
        if (raw.key != null) {
            String id = ids.idOf(raw.key);
            ids.remember(raw.entry, new LocalIds.Known(id, raw.key.getClass().getName(), origins.of(raw.key)));
            return id;
        }
        LocalIds.Known known = ids.known(raw.entry);
        return known != null ? known.id : LocalIds.staleId(raw.entry);
    }

    private String className(MapReader.Raw raw) {
        if (raw.key != null) {
            return raw.key.getClass().getName();
        }
        LocalIds.Known known = ids.known(raw.entry);
        return known != null ? known.className : "";
    }

    private String origin(MapReader.Raw raw) {
        if (raw.key != null) {
            return origins.of(raw.key);
        }
        LocalIds.Known known = ids.known(raw.entry);
        return known != null ? known.origin : "";
    }

    /**
     * Tomcat's classic leak: a stale entry whose value's class comes from a class loader that
     * is neither the thread's context loader nor one of its parents (a web application's
     * loader, kept alive by a pool thread after the application was stopped).
     */
    static boolean leakSuspect(Thread t, MapReader.Raw raw) {
        if (raw.key != null || raw.value == null) {
            return false;
        }
        ClassLoader valueLoader = raw.value.getClass().getClassLoader();
        if (valueLoader == null || valueLoader == ClassLoader.getPlatformClassLoader()) {
            return false;
        }
        for (ClassLoader l = t.getContextClassLoader(); l != null; l = l.getParent()) {
            if (l == valueLoader) {
                return false;
            }
        }
        return true;
    }
}
