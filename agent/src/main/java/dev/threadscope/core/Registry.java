package dev.threadscope.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Every platform thread threadscope has seen: live ones, ended ones in a bounded history,
 * counts per kind. A thread started by Thread.start() gets its complete record in the
 * creating thread (creator, stack, kind, kernel id) and is counted there, so the new thread
 * runs no code of ours until it ends. Threads attaching from native code are recorded by the
 * Thread constructor the JVM runs on them ({@link #attached}); the JVM's own later threads by
 * the next reader. When JVMTI start events are on (someone listens for starts, or kernel ids
 * cannot be read from the JVM), a Thread.start()ed thread is announced to the library while
 * nobody listens, else its start event confirms it on the new thread, and threads that never
 * went through Thread.start() are recorded by that event. Every thread's end is seen in
 * Thread.exit() (or by JVMTI if that could not be hooked). Without the native library,
 * {@link #scan()} finds what the hooks cannot see.
 * Every entry point is safe to call from any thread at any time and never throws.
 */
public final class Registry {
    private final ThreadTable live = new ThreadTable();
    private final KindCounts counts = new KindCounts();
    private final int historyCapacity;
    private volatile EndedThreads ended; // made at the first end: one class less to load at premain
    private final boolean stacks;
    private final boolean trackVirtual;
    private final VirtualEnds virtualEnds; // virtual=track only
    // virtual=count after a dynamic attach: threads with lower ids may have started before, and
    // neither their start nor (so that LiveCounts stays right) their end is counted.
    private volatile long firstCountedVirtualId;
    private volatile Classifier classifier = new Classifier(Threads.mainGroup());
    private volatile RegistryListener listener;
    private volatile Runnable endHook;
    private volatile RegistryListener recorder;
    private volatile ThreadEvents events;
    private volatile AfterGc afterGc;
    private SharedStacks sharedStacks; // made by the first pass that shares a stack (not at premain)
    // Ids of threads whose Thread.exit() has run, by id modulo its length: such a thread stays
    // alive a little longer (until the JVM ends it), and a scan or a read that finds it then must
    // not take it for a new thread. Plain writes, one per end; ids are never reused.
    private final long[] recentEnds = new long[RECENT_ENDS];
    private static final int RECENT_ENDS = 1024;

    public Registry(int history, boolean stacks) {
        this(history, stacks, false);
    }

    /** @param trackVirtual virtual=track: a record per virtual thread; else only counted */
    public Registry(int history, boolean stacks, boolean trackVirtual) {
        this.historyCapacity = history;
        this.stacks = stacks;
        this.trackVirtual = trackVirtual;
        this.virtualEnds = trackVirtual ? new VirtualEnds(this) : null;
    }

    // ---- Thread.start() --------------------------------------------------------------------

    /**
     * Thread.start() is about to call start0() on {@code child}, in the creating thread, with
     * the child's monitor held: the STARTING mark goes in. With start events on and nobody
     * listening, the thread is announced to the JVMTI library (so its start event will not call
     * Java). True if announced, or if no start event will come at all (the default, and the
     * pure-Java mode): {@link #threadStarting} then counts it.
     */
    public boolean prepareStart(Thread child) {
        live.putIfAbsent(child, ThreadRecord.STARTING);
        ThreadEvents e = events;
        if (e == null) {
            return false;
        }
        boolean quiet = quiet();
        if (!quiet && !e.startEvents()) {
            e.enableStartEvents(); // listeners are told on the new thread
        }
        return !e.startEvents() || (quiet && e.announce(child.getId()));
    }

    /**
     * start0() has returned: the new thread is on its way, and may already be running or even
     * ending. Its record (kind, creator, stack) is built now, in the creating thread and still
     * with the child's monitor held: this work overlaps the new thread's own start instead of
     * delaying it. Until then the table holds the STARTING mark, and whoever needs the record
     * (the thread's start event, its Thread.exit(), a scan) waits for that monitor, see
     * {@link #recordOf}.
     */
    public void threadStarting(Thread child, boolean announced, long osThreadId) {
        threadStarting(child, announced, osThreadId, stacks ? new Throwable() : null);
    }

    /**
     * As above, with the creation stack already taken ({@code stack}, null with stacks=off): the
     * bridge's sink takes it itself, so that the JVM walks fewer frames of ours to fill it in
     * (between two thread starts each frame's metadata is cold: ~0.2 us apiece on JDK 25).
     */
    public void threadStarting(Thread child, boolean announced, long osThreadId, Throwable stack) {
        ThreadRecord inTable = null;
        try {
            ThreadRecord r = new ThreadRecord(child, classifier.classify(child, true), -1, osThreadId,
                    creation(stack), false);
            inTable = live.putOverStarting(child, r);
        } finally {
            if (inTable == null) {
                live.remove(child, ThreadRecord.STARTING); // never leave the mark behind
            }
        }
        if (announced || noStartEvents()) {
            confirm(inTable, osThreadId);
        }
    }

    /**
     * Whether no start event will come for a thread starting now. Asked again after start0()
     * for a thread not announced before it: threadscope may have finished installing in
     * between (a dynamic attach), after its snapshot of the live threads, which a thread not yet
     * started is not in.
     */
    private boolean noStartEvents() {
        ThreadEvents e = events;
        return e != null && !e.startEvents();
    }

    /**
     * A thread attaching from native code (JNI AttachCurrentThread, a JNA callback, an FFM
     * upcall), on that thread, at the end of the Thread constructor the JVM runs for it. Without
     * start events it is recorded here; with them (someone listens), its start event records it
     * once the attach is complete (its daemon flag is set only after this constructor).
     */
    public void attached(Thread thread, long osThreadId) {
        ThreadEvents e = events;
        if (e != null) {
            if (!e.startEvents() && !quiet()) {
                e.enableStartEvents();
            }
            if (e.startEvents()) {
                return;
            }
        }
        ThreadRecord r = live.putOverStarting(thread, new ThreadRecord(thread, classifier.classify(thread, false), -1,
                osThreadId, null, false));
        confirm(r, osThreadId);
    }

    /** start0() threw: the thread did not start; nothing was recorded, the announcement is taken back. */
    public void threadStartFailed(Thread child, boolean announced) {
        live.remove(child, ThreadRecord.STARTING);
        ThreadEvents e = events;
        if (announced && e != null) {
            e.withdraw(child.getId());
        }
    }

    /** Whether creation stacks are taken (stacks=on). */
    public boolean stacks() {
        return stacks;
    }

    /** Nobody to tell on the new thread itself: no JMX listener, no JFR recording asking for starts. */
    private boolean quiet() {
        RegistryListener rec = recorder;
        return listener == null && (rec == null || !rec.active());
    }

    /**
     * The record of {@code thread}, or null. If the table holds the STARTING mark, its creator
     * is between start0() and the record, holding the thread's monitor: wait for it there (a
     * few microseconds; the creator never waits for the new thread). Without the mark nothing
     * is in flight and nothing waits: a thread attached from native code, or one started while
     * Thread.start() is not hooked (another agent retransformed Thread), is answered at once.
     */
    private ThreadRecord recordOf(Thread thread) {
        ThreadRecord r = live.get(thread);
        if (r != ThreadRecord.STARTING) {
            return r;
        }
        synchronized (thread) {
            r = live.get(thread);
        }
        return r == ThreadRecord.STARTING ? null : r; // only if the creator died in between
    }

    /**
     * Who is starting a thread, and from where. The stack is a Throwable, resolved to text only
     * if someone asks or the thread outlives a GC: filling one in costs ~0.5 us at depth 16, a
     * third of what JVMTI GetStackTrace costs through JNI (measured; see docs/performance.md).
     */
    private Creation creation() {
        return creation(stacks ? new Throwable() : null);
    }

    /** The calling thread as creator, with {@code stack} (null with stacks=off). */
    private static Creation creation(Throwable stack) {
        Thread creator = Thread.currentThread();
        return new Creation(creator.getId(), creator.getName(), stack);
    }

    // ---- JVMTI ------------------------------------------------------------------------------

    /** JVMTI ThreadStart, on the new thread itself. */
    public void threadStarted(Thread thread, long osThreadId) {
        ThreadRecord r = recordOf(thread);
        if (r == null) {
            r = live.putOverStarting(thread, new ThreadRecord(thread, classifier.classify(thread, false), -1, -1, null,
                    false));
        }
        confirm(r, osThreadId);
    }

    /** JVMTI ThreadEnd, on the ending thread itself (only when Thread.exit() is not hooked). */
    public void threadEnded(Thread thread) {
        ThreadRecord r = recordOf(thread);
        if (r != null) {
            end(thread, r);
        }
    }

    /** Thread.exit(), called by the VM on the ending thread, whoever started it. */
    public void threadExiting(Thread thread) {
        long id = thread.getId();
        recentEnds[(int) (id & (RECENT_ENDS - 1))] = id;
        ThreadEvents e = events;
        // With start events the library holds the kernel id: always take it, so that it forgets it.
        long osThreadId = e != null && e.startEvents() ? e.endOsThreadId(id) : -1;
        ThreadRecord r = live.removeUnlessStarting(thread); // this thread is ending: nobody else ends it now
        if (r == ThreadRecord.STARTING) {
            // Its creator is still inside start(): recordOf waits for it. A mark still there after
            // that is stale: the creator's recording failed past its own cleanup.
            r = recordOf(thread) == null ? staleStart(thread) : live.remove(thread);
        }
        if (r == null) {
            return;
        }
        if (osThreadId < 0 && r.osThreadId() < 0 && e != null) {
            osThreadId = e.endOsThreadId(id); // this thread's own, asked of the kernel
        }
        r.osThreadIdIfUnknown(osThreadId);
        if (!r.running()) {
            confirm(r, -1); // pure-Java mode: it ran between two scans
        }
        retire(r);
    }

    /**
     * A thread ending with the STARTING mark still in the table after its creator left start():
     * recording its start failed where even the cleanup could not run (a StackOverflowError in
     * Thread.start() at the creator's stack limit). Recorded now, without creator or stack, so
     * that the mark goes and the thread is counted as started and then ended, like every other.
     */
    private ThreadRecord staleStart(Thread thread) {
        if (!live.remove(thread, ThreadRecord.STARTING)) {
            return null;
        }
        ThreadRecord r = new ThreadRecord(thread, classifier.classify(thread, true), -1, -1, null, false);
        confirm(r, -1);
        return r;
    }

    /** How thread starts will be reported from now on; until set, records wait for an event or a scan. */
    public void setEvents(ThreadEvents events) {
        this.events = events;
    }

    // ---- virtual threads --------------------------------------------------------------------

    /**
     * VirtualThread.start() on {@code thread}, in the creating thread. Counted (virtual=count)
     * or recorded with creator and stack (virtual=track). A second start() is about to throw.
     */
    public void virtualStarting(Thread thread) {
        if (thread.getState() != Thread.State.NEW) {
            return;
        }
        if (!trackVirtual) {
            if (thread.getId() >= firstCountedVirtualId) {
                counts.started(Kind.VIRTUAL);
            }
            return;
        }
        virtualEnds.ensureRecorder();
        ThreadRecord r = live.putIfAbsent(thread, new ThreadRecord(thread, Kind.VIRTUAL, -1, -1, creation(), false));
        confirm(r, -1);
    }

    /**
     * VirtualThread.afterDone: the virtual thread is done (or never started: afterDone follows a
     * failed start). On the carrier: nothing here may block ({@link VirtualEnds}).
     */
    public void virtualEnded(Thread thread) {
        if (!trackVirtual) {
            if (thread.getId() >= firstCountedVirtualId) {
                counts.ended(Kind.VIRTUAL);
            }
            return;
        }
        virtualEnds.add(thread);
    }

    /**
     * Loaded into a running JVM (virtual=count): virtual threads from {@code id} on are counted,
     * those before it were made before threadscope and may have started before it.
     */
    public void countVirtualThreadsFrom(long id) {
        firstCountedVirtualId = id;
    }

    /**
     * What "no thread with id N" should add: under virtual=count (JDK 21+) a live virtual thread
     * has no record to find.
     */
    public String notFoundHint() {
        return trackVirtual || Runtime.version().feature() < 21 ? ""
                : "; virtual threads are only counted under virtual=count (the default): load threadscope with "
                        + "virtual=track to list and inspect them";
    }

    /** Records the queued ends of tracked virtual threads, before a read. */
    private void recordVirtualEnds() {
        VirtualEnds v = virtualEnds;
        if (v != null) {
            v.drainForRead();
        }
    }

    // ---- threads found rather than seen starting -----------------------------------------------

    /**
     * A thread that was running before threadscope loaded. {@code kind} null: classify it
     * (its start was not seen: a non-system thread is DAEMON/USER by its flag if its stack
     * starts in its own run() method, as every Thread.start()ed thread's does, else ALIEN).
     */
    public void adopt(Thread thread, Kind kind, long osThreadId) {
        ThreadRecord known = recordOf(thread);
        if (known != null) {
            if (thread.getState() != Thread.State.NEW) {
                confirm(known, osThreadId); // started while threadscope was being installed
            }
            return;
        }
        recordFound(thread, kind, osThreadId, true);
    }

    /**
     * Records a thread found rather than seen starting (at load, or by a reader): {@code kind}
     * null: classified as {@link #adopt} says; a SYSTEM thread's kernel id is read holding its
     * monitor (the JVM's own: nobody else holds it). Ended at once if it died meanwhile.
     */
    private void recordFound(Thread thread, Kind kind, long osThreadId, boolean seenAtLoad) {
        Kind k = kind;
        if (k == null) {
            k = classifier.classify(thread, true);
            if (k != Kind.SYSTEM && !Threads.looksStartedByJava(thread)) {
                k = Classifier.attached(thread); // attached from native code, not seen attaching
            }
        }
        ThreadEvents e = events;
        long os = osThreadId;
        if (k == Kind.SYSTEM && os < 0 && e != null) {
            os = e.kernelIdLocked(thread);
        }
        ThreadRecord mine = new ThreadRecord(thread, k, -1, os, null, seenAtLoad);
        ThreadRecord r = live.putOverStarting(thread, mine);
        if (r == mine && endedJustNow(thread.getId())) {
            // A reader found it missing, and since then it was recorded and went through
            // Thread.exit() (a JNI attach and detach takes microseconds): its life is counted
            // already; this would be a second one.
            live.remove(thread, mine);
            return;
        }
        confirm(r, os);
        if (!thread.isAlive()) {
            end(thread, r); // it ended while we looked, possibly before its end event could find it
        }
    }

    /** The main thread: MAIN, and its group is where application threads live. */
    public void setMain(Thread main, long osThreadId) {
        classifier = new Classifier(main.getThreadGroup());
        adopt(main, Kind.MAIN, osThreadId);
    }

    /** The kernel's id of a thread whose start event we did not see (the main thread). */
    public void learnOsThreadId(Thread thread, long osThreadId) {
        ThreadRecord r = recordOf(thread);
        if (r != null) {
            r.osThreadIdIfUnknown(osThreadId);
        }
    }

    /**
     * Pure-Java mode: reconciles with the threads alive now. Threads that Thread.start() saw
     * are counted even if they started and ended between two scans; others only if a scan
     * caught them alive.
     */
    public void scan() {
        for (Thread t : Threads.all()) {
            if (t.isAlive() && recordOf(t) == null && !endedJustNow(t.getId())) {
                confirm(live.putOverStarting(t, new ThreadRecord(t, classifier.classify(t, false), -1, -1, null, false)),
                        -1);
            }
        }
        for (ThreadRecord r : live.values()) {
            Thread t = r.thread();
            if (t == null) {
                continue;
            }
            Thread.State state = t.getState();
            if (state != Thread.State.NEW) {
                confirm(r, -1);
            }
            if (state == Thread.State.TERMINATED) {
                end(t, r);
            }
        }
    }

    /** Whether Thread.exit() has just run for thread {@code id} (pure-Java mode: see recentEnds). */
    private boolean endedJustNow(long id) {
        return recentEnds[(int) (id & (RECENT_ENDS - 1))] == id;
    }

    /**
     * Threads that neither Thread.start() nor an attach nor a start event showed us (the JVM's
     * own, started by the VM itself: the Attach Listener, the Notification Thread) are recorded
     * when a reader finds them: SYSTEM with their kernel id, read holding their monitor (nobody
     * else holds a JVM thread's), or, if threadscope's hooks were taken away, by their stack.
     * Also while start events are on: JVMTI posts none for the JVM's hidden threads, and none
     * came for a thread that started before a listener turned them on.
     */
    private void adoptUnseen() {
        recordVirtualEnds();
        AfterGc a = afterGc;
        if (a != null) {
            a.poke(); // a reader: a parked pass may go
        }
        ThreadEvents e = events;
        if (e == null) {
            return; // not installed yet
        }
        for (Thread t : Threads.all()) {
            if (live.get(t) == null && !endedJustNow(t.getId()) && t.isAlive() && !Threads.isVirtual(t)) {
                recordFound(t, null, -1, false);
            }
        }
    }

    // ---- state changes ----------------------------------------------------------------------

    /** The thread is running: counted, timed, announced (once). */
    private void confirm(ThreadRecord r, long osThreadId) {
        if (r.confirm(System.currentTimeMillis(), osThreadId)) {
            counts.started(r.kind());
            RegistryListener l = listener;
            if (l != null) {
                l.started(r);
            }
            RegistryListener rec = recorder;
            if (rec != null) {
                rec.started(r);
            }
            AfterGc a = afterGc;
            if (a != null) {
                a.poke();
            }
        }
    }

    private void end(Thread thread, ThreadRecord record) {
        if (live.remove(thread, record)) {
            retire(record);
        } // else someone else ended it
    }

    /** {@code record} has just left the live table. */
    private void retire(ThreadRecord record) {
        if (!record.running()) {
            return; // never started (a failed start): nothing to count
        }
        record.ended(System.currentTimeMillis());
        counts.ended(record.kind());
        ended().add(record);
        RegistryListener l = listener;
        if (l != null) {
            l.ended(record);
        }
        RegistryListener rec = recorder;
        if (rec != null) {
            rec.ended(record);
        }
        Runnable h = endHook;
        if (h != null) {
            h.run();
        }
        AfterGc a = afterGc;
        if (a != null) {
            a.poke();
        }
    }

    // ---- reading ----------------------------------------------------------------------------

    /** The running threads, by id; a record whose thread has died without an end event is ended now. */
    public List<ThreadRecord> live() {
        adoptUnseen();
        List<ThreadRecord> all = live.values();
        List<ThreadRecord> out = new ArrayList<>(all.size());
        for (ThreadRecord r : all) {
            Thread t = r.thread();
            if (t == null) {
                continue;
            }
            Thread.State state = t.getState();
            if (state == Thread.State.TERMINATED) {
                confirm(r, -1); // it did run (pure-Java mode: between two scans)
                end(t, r);
            } else if (r.running()) {
                out.add(withOsThreadId(r));
            }
        }
        out.sort((a, b) -> Long.compare(a.id(), b.id()));
        return out;
    }

    private EndedThreads ended() {
        EndedThreads e = ended;
        if (e == null) {
            synchronized (this) {
                e = ended;
                if (e == null) {
                    e = new EndedThreads(historyCapacity);
                    ended = e;
                }
            }
        }
        return e;
    }

    public List<ThreadRecord> recentlyEnded() {
        recordVirtualEnds();
        return ended().newestFirst();
    }

    /**
     * An announced thread's kernel id stayed in the JVMTI library: fetched when first asked for.
     * Virtual threads have none.
     */
    private ThreadRecord withOsThreadId(ThreadRecord r) {
        ThreadEvents e = events;
        Thread t = r.thread();
        if (r.osThreadId() < 0 && e != null && t != null && r.kind() != Kind.VIRTUAL) {
            r.osThreadIdIfUnknown(e.storedOsThreadId(t));
        }
        return r;
    }

    /** The running record for {@code id}, else the ended one still in history, else null. */
    public ThreadRecord find(long id) {
        adoptUnseen();
        for (ThreadRecord r : live.values()) {
            if (r.id() == id && r.running() && r.thread() != null) {
                return withOsThreadId(r);
            }
        }
        return ended().find(id);
    }

    /**
     * The kind of any thread, live or not in the registry yet: its record's kind, else
     * VIRTUAL for a virtual thread, else what the classifier says.
     */
    public Kind kindOf(Thread thread) {
        ThreadRecord r = recordOf(thread);
        if (r != null) {
            return r.kind();
        }
        if (Threads.isVirtual(thread)) {
            return Kind.VIRTUAL;
        }
        return classifier.classify(thread, false);
    }

    /** The creating thread's stack at start(), from the start() frame outwards; empty if not captured. */
    public String[] creationStack(ThreadRecord record) {
        return record.creationStack();
    }

    /**
     * After a GC (on the JDK's cleaner thread, see AfterGc): ends the records of threads
     * that have terminated without their end being seen (the pure-Java mode between scans, or
     * another agent having retransformed Thread since, which takes threadscope's hooks away), so
     * that they cannot pile up; then resolves into shared stacks the creation stacks of live
     * threads that started before {@code cutoffMillis}, until {@code deadlineNanos}
     * ({@link System#nanoTime()}). Threads that outlive a collection are the ones whose stacks
     * are worth sharing; short-lived ones never pay. Then the same for the history's entries
     * that ended before {@code endedCutoffMillis}: a stack left a Throwable would keep the
     * classes on it, and their class loader, from being unloaded for as long as the entry stays
     * (an application server's undeployed application, whose threads have ended). While threads
     * churn, the history turns over before a pass reaches most entries, so those never pay.
     * Returns how many stacks it resolved.
     */
    public int afterGc(long cutoffMillis, long endedCutoffMillis, long deadlineNanos) {
        int n = 0;
        for (ThreadRecord r : live.values()) {
            Thread t = r.thread();
            if (t == null) {
                continue;
            }
            if (t.getState() == Thread.State.TERMINATED) {
                confirm(r, -1);
                end(t, r);
            } else if (stacks && r.running() && r.startMillis() < cutoffMillis
                    && System.nanoTime() - deadlineNanos < 0) {
                n += share(r);
            }
        }
        EndedThreads e = ended;
        if (stacks && e != null) {
            n += shareEnded(e, endedCutoffMillis, deadlineNanos);
        }
        return n;
    }

    /** Resolves the history's unshared creation stacks, a batch at a time (resolving outside its lock). */
    private int shareEnded(EndedThreads e, long cutoffMillis, long deadlineNanos) {
        int n = 0;
        int[] slots = new int[64];
        Throwable[] batch = new Throwable[64];
        for (int round = 0; round <= e.capacity() / batch.length && System.nanoTime() - deadlineNanos < 0; round++) {
            int found = e.unsharedStacks(cutoffMillis, slots, batch);
            for (int i = 0; i < found && System.nanoTime() - deadlineNanos < 0; i++) {
                e.replaceStack(slots[i], batch[i], sharedStacks().intern(SharedStacks.resolve(batch[i])));
                sharedStacks().countResolved();
                n++;
            }
            java.util.Arrays.fill(batch, null);
            if (found < batch.length) {
                break;
            }
        }
        return n;
    }

    private int share(ThreadRecord r) {
        if (!r.shareStack(sharedStacks())) {
            return 0;
        }
        sharedStacks().countResolved();
        return 1;
    }

    public synchronized SharedStacks sharedStacks() {
        if (sharedStacks == null) {
            sharedStacks = new SharedStacks();
        }
        return sharedStacks;
    }

    /** The counts per kind, after recording any thread found unseen (see adoptUnseen). */
    public KindCounts counts() {
        adoptUnseen();
        return counts;
    }

    public int historyCapacity() {
        return historyCapacity;
    }

    /** Records held for live (or starting) threads: what the registry costs in memory. */
    public int size() {
        return live.size();
    }

    /** Told of every start and end: it decides when the next pass after a GC is worth waking for. */
    void setAfterGc(AfterGc afterGc) {
        this.afterGc = afterGc;
    }

    /** Run after each thread end, on the ending thread; must be quick and never throw. */
    public void setEndHook(Runnable hook) {
        this.endHook = hook;
    }

    /** Always told, unlike the JMX listener (JFR events); must be quick and never throw. */
    public void setRecorder(RegistryListener recorder) {
        this.recorder = recorder;
    }

    public void setListener(RegistryListener listener) {
        this.listener = listener;
        ThreadEvents e = events;
        if (listener != null && e != null) {
            e.enableStartEvents(); // listeners are told on the new threads, after their attach completes
        }
    }
}
