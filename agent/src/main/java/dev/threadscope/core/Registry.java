package dev.threadscope.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every platform thread threadscope has seen: live ones by id, ended ones in a bounded
 * history, counts per kind. Fed by the Thread.start() hook (creator, stack), by JVMTI
 * ThreadStart/ThreadEnd (or, without the native library, by {@link #scan()}), and by a
 * snapshot of the threads alive at load. Every entry point is safe to call from any
 * thread at any time and never throws.
 */
public final class Registry {
    private final ConcurrentHashMap<Long, Creation> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, ThreadRecord> live = new ConcurrentHashMap<>();
    private final KindCounts counts = new KindCounts();
    private final History<ThreadRecord> ended;
    private final boolean stacks;
    private final boolean trackVirtual;
    private volatile Classifier classifier = new Classifier(Threads.mainGroup());
    private volatile RegistryListener listener;
    private volatile Runnable endHook;
    private volatile StackSource stackSource;

    public Registry(int history, boolean stacks) {
        this(history, stacks, false);
    }

    /** @param trackVirtual virtual=track: a record per virtual thread; else only counted */
    public Registry(int history, boolean stacks, boolean trackVirtual) {
        this.ended = new History<>(history);
        this.stacks = stacks;
        this.trackVirtual = trackVirtual;
    }

    // ---- feeding -------------------------------------------------------------------------

    /** Thread.start() on {@code child} was called by the current thread. */
    public void threadStarting(Thread child) {
        Long id = child.getId();
        if (live.containsKey(id)) {
            return; // started twice: Thread.start() is about to throw
        }
        pending.putIfAbsent(id, creation(child));
    }

    /**
     * Who is starting {@code child}, and from where: natively captured and interned when the
     * library is loaded (deduplicated, a few bytes per thread), else a Throwable.
     */
    private Creation creation(Thread child) {
        Thread creator = Thread.currentThread();
        int stackId = -1;
        Throwable stack = null;
        if (stacks) {
            StackSource source = stackSource;
            if (source != null) {
                stackId = source.capture();
            }
            if (stackId < 0) {
                stack = new Throwable();
            }
        }
        return new Creation(child, creator.getId(), creator.getName(), stackId, stack);
    }

    /** The creating thread's stack at start(), from the start() frame outwards; empty if not captured. */
    public String[] creationStack(ThreadRecord record) {
        return record.creationStack(stackSource);
    }

    public void setStackSource(StackSource source) {
        this.stackSource = source;
    }

    /** Thread.start() on {@code child} threw; unless it did start after all, forget it. */
    public void threadStartFailed(Thread child) {
        if (child.getState() == Thread.State.NEW) {
            pending.remove(child.getId());
        }
    }

    /** JVMTI ThreadStart, on the new thread itself. */
    public void threadStarted(Thread thread, long osThreadId) {
        Creation creation = pending.remove(thread.getId());
        Kind kind = classifier.classify(thread, creation != null);
        add(new ThreadRecord(thread, kind, System.currentTimeMillis(), osThreadId, creation, false));
    }

    /**
     * VirtualThread.start() on {@code thread}, in the creating thread. Counted (virtual=count)
     * or recorded with creator and stack (virtual=track). A second start() is about to throw.
     */
    public void virtualStarting(Thread thread) {
        if (thread.getState() != Thread.State.NEW) {
            return;
        }
        if (!trackVirtual) {
            counts.started(Kind.VIRTUAL);
            return;
        }
        add(new ThreadRecord(thread, Kind.VIRTUAL, System.currentTimeMillis(), -1, creation(thread), false));
    }

    /** VirtualThread.afterDone: the virtual thread is done (or never started: afterDone follows a failed start). */
    public void virtualEnded(Thread thread) {
        if (!trackVirtual) {
            counts.ended(Kind.VIRTUAL);
            return;
        }
        ThreadRecord record = live.get(thread.getId());
        if (record != null) {
            end(record);
        }
    }

    /** JVMTI ThreadEnd, on the ending thread itself. */
    public void threadEnded(Thread thread) {
        ThreadRecord record = live.get(thread.getId());
        if (record != null) {
            end(record);
        }
    }

    /**
     * A thread that was running before threadscope loaded. {@code kind} null: classify it
     * (its start was not seen: a non-system thread is DAEMON/USER by its flag if its stack
     * starts in its own run() method, as every Thread.start()ed thread's does, else ALIEN).
     */
    public void adopt(Thread thread, Kind kind, long osThreadId) {
        if (live.containsKey(thread.getId())) {
            return;
        }
        Kind k = kind;
        if (k == null) {
            k = classifier.classify(thread, true);
            if (k != Kind.SYSTEM && !Threads.looksStartedByJava(thread)) {
                k = Kind.ALIEN; // attached from native code before we loaded (a dynamic attach)
            }
        }
        ThreadRecord record = new ThreadRecord(thread, k, System.currentTimeMillis(), osThreadId, null, true);
        add(record);
        if (!thread.isAlive()) {
            end(record); // it ended while we looked, possibly before its end event could find it
        }
    }

    /** The main thread: MAIN, and its group is where application threads live. */
    public void setMain(Thread main, long osThreadId) {
        classifier = new Classifier(main.getThreadGroup());
        adopt(main, Kind.MAIN, osThreadId);
    }

    /** The kernel's id of a thread whose start event we did not see (the main thread). */
    public void learnOsThreadId(Thread thread, long osThreadId) {
        ThreadRecord r = live.get(thread.getId());
        if (r != null) {
            r.osThreadIdIfUnknown(osThreadId);
        }
    }

    /**
     * Pure-Java mode: reconciles with the threads alive now. Threads that Thread.start()
     * saw are counted even if they started and ended between two scans; others only if a
     * scan caught them alive.
     */
    public void scan() {
        for (Thread t : Threads.all()) {
            Long id = t.getId();
            if (!live.containsKey(id) && t.isAlive()) {
                Creation creation = pending.remove(id);
                Kind kind = classifier.classify(t, creation != null);
                add(new ThreadRecord(t, kind, System.currentTimeMillis(), -1, creation, false));
            }
        }
        for (Creation c : pending.values()) {
            if (c.thread.getState() == Thread.State.TERMINATED && pending.remove(c.thread.getId(), c)) {
                ThreadRecord record = new ThreadRecord(c.thread, classifier.classify(c.thread, true),
                        System.currentTimeMillis(), -1, c, false);
                add(record);
                end(record);
            }
        }
        for (ThreadRecord r : live.values()) {
            Thread t = r.thread();
            if (t == null || t.getState() == Thread.State.TERMINATED) {
                end(r);
            }
        }
    }

    private void add(ThreadRecord record) {
        if (live.putIfAbsent(record.id(), record) != null) {
            return;
        }
        counts.started(record.kind());
        RegistryListener l = listener;
        if (l != null) {
            l.started(record);
        }
    }

    private void end(ThreadRecord record) {
        if (!live.remove(record.id(), record)) {
            return; // someone else ended it
        }
        record.ended(System.currentTimeMillis());
        counts.ended(record.kind());
        ended.add(record);
        RegistryListener l = listener;
        if (l != null) {
            l.ended(record);
        }
        Runnable h = endHook;
        if (h != null) {
            h.run();
        }
    }

    // ---- reading -------------------------------------------------------------------------

    /** The live threads; a record whose thread has died without an end event is ended now. */
    public List<ThreadRecord> live() {
        List<ThreadRecord> out = new ArrayList<>(live.size());
        for (ThreadRecord r : live.values()) {
            Thread t = r.thread();
            if (t != null && t.getState() != Thread.State.TERMINATED) {
                out.add(r); // NEW too: a virtual thread is recorded as start() begins
            } else {
                end(r);
            }
        }
        out.sort((a, b) -> Long.compare(a.id(), b.id()));
        return out;
    }

    public List<ThreadRecord> recentlyEnded() {
        return ended.newestFirst();
    }

    /** The live record for {@code id}, else the ended one still in history, else null. */
    public ThreadRecord find(long id) {
        ThreadRecord r = live.get(id);
        if (r != null) {
            return r;
        }
        for (ThreadRecord e : ended.newestFirst()) {
            if (e.id() == id) {
                return e;
            }
        }
        return null;
    }

    /**
     * The kind of any thread, live or not in the registry yet: its record's kind, else
     * VIRTUAL for a virtual thread, else what the classifier says.
     */
    public Kind kindOf(Thread thread) {
        ThreadRecord r = live.get(thread.getId());
        if (r != null) {
            return r.kind();
        }
        if (Threads.isVirtual(thread)) {
            return Kind.VIRTUAL;
        }
        return classifier.classify(thread, pending.containsKey(thread.getId()));
    }

    public KindCounts counts() {
        return counts;
    }

    public int historyCapacity() {
        return ended.capacity();
    }

    /** Run after each thread end, on the ending thread; must be quick and never throw. */
    public void setEndHook(Runnable hook) {
        this.endHook = hook;
    }

    public void setListener(RegistryListener listener) {
        this.listener = listener;
    }
}
