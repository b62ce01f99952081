package dev.threadscope.core;

/**
 * One thread as threadscope knows it. Fixed at start: id, kind, daemon flag, group, creator.
 * The thread itself is held only while it lives (a live thread is reachable anyway); at
 * the end the record keeps its last name and drops the reference.
 */
public final class ThreadRecord {
    private final long id;
    private final Kind kind;
    private volatile boolean daemon; // read from the thread while it lives: an attach sets it after our hook
    private final String groupName;
    private volatile long startMillis;
    private volatile boolean running;
    private final long creatorId;
    private final String creatorName;
    private Object creationStack; // a Throwable until shared (SharedStacks.Stack: immutable, so a plain field)
    private final boolean seenAtLoad;
    private final boolean carrier;
    private volatile Thread thread;
    private volatile String name;
    private volatile long osThreadId;
    private volatile long endMillis = -1;

    /**
     * The table's mark for a thread between Thread.start()'s call to start0() and its record:
     * whoever finds it waits for the creator (see Registry.recordOf). It has no thread, so
     * every reader that skips ended records skips it too.
     */
    static final ThreadRecord STARTING = new ThreadRecord();

    private ThreadRecord() {
        this.id = -1;
        this.kind = Kind.SYSTEM;
        this.daemon = true;
        this.groupName = "";
        this.creatorId = -1;
        this.creatorName = "";
        this.seenAtLoad = false;
        this.carrier = false;
        this.name = "starting";
    }

    ThreadRecord(Thread thread, Kind kind, long startMillis, long osThreadId, Creation creation, boolean seenAtLoad) {
        this.id = thread.getId();
        this.thread = thread;
        this.name = thread.getName();
        this.kind = kind;
        this.daemon = thread.isDaemon();
        ThreadGroup group = thread.getThreadGroup();
        this.groupName = group == null ? "" : group.getName();
        this.startMillis = startMillis;
        this.osThreadId = osThreadId;
        this.creatorId = creation == null ? -1 : creation.creatorId;
        this.creatorName = creation == null ? "" : creation.creatorName;
        this.creationStack = creation == null ? null : creation.stack;
        this.seenAtLoad = seenAtLoad;
        this.carrier = Classifier.isCarrier(thread);
    }

    /** An ended thread, rebuilt from {@link EndedThreads}. */
    ThreadRecord(long id, String name, Kind kind, boolean daemon, String groupName, long startMillis, long endMillis,
                 long osThreadId, long creatorId, String creatorName, Object creationStack, boolean seenAtLoad,
                 boolean carrier) {
        this.id = id;
        this.name = name;
        this.kind = kind;
        this.daemon = daemon;
        this.groupName = groupName;
        this.startMillis = startMillis;
        this.running = true;
        this.endMillis = endMillis;
        this.osThreadId = osThreadId;
        this.creatorId = creatorId;
        this.creatorName = creatorName;
        this.creationStack = creationStack;
        this.seenAtLoad = seenAtLoad;
        this.carrier = carrier;
    }

    public long id() {
        return id;
    }

    /** The current name while alive (threads rename themselves), the last one after. */
    public String name() {
        Thread t = thread;
        if (t != null) {
            name = t.getName();
        }
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public boolean daemon() {
        Thread t = thread;
        if (t != null) {
            daemon = t.isDaemon();
        }
        return daemon;
    }

    public boolean alive() {
        return endMillis < 0;
    }

    public String state() {
        Thread t = thread;
        return t == null || endMillis >= 0 ? "TERMINATED" : t.getState().name();
    }

    public String groupName() {
        return groupName;
    }

    public long startMillis() {
        return startMillis;
    }

    public long endMillis() {
        return endMillis;
    }

    public long creatorId() {
        return creatorId;
    }

    public String creatorName() {
        return creatorName;
    }

    public long osThreadId() {
        return osThreadId;
    }

    /** Whether the thread has been seen running (its start event, a scan, or the snapshot at load). */
    public boolean running() {
        return running;
    }

    /** Marks the thread running, once; true the first time. */
    boolean confirm(long millis, long osTid) {
        osThreadIdIfUnknown(osTid);
        synchronized (this) {
            if (running) {
                return false;
            }
            startMillis = millis;
            running = true;
            return true;
        }
    }

    /** True for threads already running when threadscope loaded: start time and creator unknown. */
    public boolean seenAtLoad() {
        return seenAtLoad;
    }

    /** A carrier thread of the virtual-thread scheduler (JDK 21+). */
    public boolean carrier() {
        return carrier;
    }

    /** The live thread, or null once it has ended. */
    public Thread thread() {
        return thread;
    }

    /** The stack of the creating thread at start(), from that frame outwards; empty if not captured. */
    String[] creationStack() {
        Object stack = creationStack;
        if (stack instanceof SharedStacks.Stack) {
            return ((SharedStacks.Stack) stack).frames();
        }
        return stack == null ? new String[0] : SharedStacks.resolve((Throwable) stack);
    }

    /** The creation stack as held: a Throwable, a shared stack, or null. */
    Object creationStackHeld() {
        return creationStack;
    }

    /** Resolves the creation stack into a shared one, if it is still a Throwable; true if it was. */
    boolean shareStack(SharedStacks shared) {
        Object stack = creationStack;
        if (!(stack instanceof Throwable)) {
            return false;
        }
        creationStack = shared.intern(SharedStacks.resolve((Throwable) stack));
        return true;
    }

    void osThreadIdIfUnknown(long osTid) {
        if (osThreadId < 0 && osTid >= 0) {
            osThreadId = osTid;
        }
    }

    void ended(long millis) {
        name();
        daemon();
        thread = null;
        endMillis = millis;
    }

    @Override
    public String toString() {
        return "ThreadRecord[" + id + " " + name + " " + kind + (daemon ? " daemon" : "") + "]";
    }
}
