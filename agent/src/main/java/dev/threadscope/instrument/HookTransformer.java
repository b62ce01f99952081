package dev.threadscope.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Set;

import dev.threadscope.core.Log;

/**
 * Injects the bridge calls into exactly the JDK methods listed in {@link #HOOKS}; every
 * other class is left alone.
 */
public final class HookTransformer implements ClassFileTransformer {
    static final String THREAD = "java/lang/Thread";
    static final String MANAGEMENT_FACTORY = "java/lang/management/ManagementFactory";
    static final String FUTURE_TASK = "java/util/concurrent/FutureTask";
    static final String THREAD_LOCAL = "java/lang/ThreadLocal";
    static final String VIRTUAL_THREAD = "java/lang/VirtualThread";

    // The VM calls Thread.exit() on every ending thread, attached ones included (JavaThread::exit),
    // just before JVMTI's ThreadEnd: here the end costs a Java call instead of an event and an upcall.
    static final Hook EXIT = new Hook(THREAD, "exit", "()V", "threadExiting", "(Ljava/lang/Thread;)V", 1, null);

    // Thread.start() calls the native start0() inside its synchronized block; the bridge makes
    // that call itself, so the record is built while the new thread is already starting (off the
    // start/join critical path), with the Thread's monitor still held.
    static final Hook START = Hook.replacingCall(THREAD, "start", "()V", "start0", "start0");
    static final Hook START_IN_CONTAINER = Hook.replacingCall(THREAD, "start", "(Ljdk/internal/vm/ThreadContainer;)V",
            "start0", "start0");

    // The JVM runs one of these two on a thread attaching from native code (allocate_threadObj:
    // with a name, or without), for its own new Thread object, already the current thread then.
    static final Hook ATTACH_NAMED = Hook.atExit(Hook.BRIDGE, THREAD, "<init>",
            "(Ljava/lang/ThreadGroup;Ljava/lang/String;)V", "threadConstructed", "(Ljava/lang/Thread;)V", 1);
    static final Hook ATTACH_UNNAMED = Hook.atExit(Hook.BRIDGE, THREAD, "<init>",
            "(Ljava/lang/ThreadGroup;Ljava/lang/Runnable;)V", "threadConstructed", "(Ljava/lang/Thread;)V", 1);

    static final List<Hook> HOOKS = List.of(
            // Thread.start() calls the native start0() inside its synchronized block; the bridge
            // makes that call itself, so the record is built while the new thread is already
            // starting (off the start/join critical path), with the Thread's monitor still held.
            START,
            // JDK 21+: thread pools start their workers through this overload (JEP 444 thread containers).
            START_IN_CONTAINER,
            // private on 17, package-private on 21+; same descriptor.
            EXIT,
            new Hook(THREAD, "dispatchUncaughtException", "(Ljava/lang/Throwable;)V",
                    "uncaughtException", "(Ljava/lang/Thread;Ljava/lang/Throwable;)V", 2, null),
            new Hook(MANAGEMENT_FACTORY, "getPlatformMBeanServer", "()Ljavax/management/MBeanServer;",
                    "platformServerRequested", "()V", 0, null),
            // futures=on: ExecutorService.submit() captures a task's exception here, never as uncaught.
            new Hook(FUTURE_TASK, "setException", "(Ljava/lang/Throwable;)V",
                    "futureFailed", "(Ljava/lang/Object;Ljava/lang/Throwable;)V", 2, null),
            // get() and get(timeout) hand the outcome over through report(state).
            new Hook(FUTURE_TASK, "report", "(I)Ljava/lang/Object;", "futureRetrieved", "(Ljava/lang/Object;)V", 1, null),
            // JDK 19+.
            new Hook(FUTURE_TASK, "exceptionNow", "()Ljava/lang/Throwable;",
                    "futureRetrieved", "(Ljava/lang/Object;)V", 1, null),
            // Every ThreadLocal (subclasses call it too): where was it created? After super(), so
            // that `this` can be passed.
            Hook.atExit(Hook.BRIDGE, THREAD_LOCAL, "<init>", "()V", "threadLocalCreated", "(Ljava/lang/Object;)V", 1),
            // JDK 21+ virtual threads: start() and the run-off-the-end path both go through these.
            new Hook(VIRTUAL_THREAD, "start", "(Ljdk/internal/vm/ThreadContainer;)V",
                    "virtualStarting", "(Ljava/lang/Thread;)V", 1, null),
            new Hook(VIRTUAL_THREAD, "afterDone", "(Z)V", "virtualEnded", "(Ljava/lang/Thread;)V", 1, null),
            // JDK 21's name for it.
            new Hook(VIRTUAL_THREAD, "afterTerminate", "(ZZ)V", "virtualEnded", "(Ljava/lang/Thread;)V", 1, null),
            ATTACH_NAMED,
            ATTACH_UNNAMED);

    /** The classes to instrument, internal names. */
    private final Set<String> classes;


    private final int[] transformedMethods = new int[1 + HOOKS.size()];

    private final List<Hook> hooks;

    /**
     * @param futures whether FutureTask is instrumented too (option futures=on)
     * @param start0 whether the bridge can call Thread.start0() itself (else Thread.start() stays as it is)
     */
    public HookTransformer(boolean futures, boolean start0) {
        this.classes = futures ? Set.of(THREAD, THREAD_LOCAL, VIRTUAL_THREAD, MANAGEMENT_FACTORY, FUTURE_TASK)
                : Set.of(THREAD, THREAD_LOCAL, VIRTUAL_THREAD, MANAGEMENT_FACTORY);
        this.hooks = start0 ? HOOKS : HOOKS.subList(2, HOOKS.size());
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (loader != null || className == null || !classes.contains(className)) {
            return null;
        }
        try {
            synchronized (transformedMethods) {
                return ClassPatcher.patch(classFile, className, hooks, transformedMethods, HOOKS);
            }
        } catch (Throwable t) {
            Log.warn("could not instrument " + className.replace('/', '.') + ": " + t);
            return null;
        }
    }

    /** The counts so far, to be put back with {@link #restore} if the JVM refuses what was counted. */
    int[] snapshot() {
        synchronized (transformedMethods) {
            return transformedMethods.clone();
        }
    }

    /** A retransformation failed as a whole: nothing counted since {@code snapshot} was installed. */
    void restore(int[] snapshot) {
        synchronized (transformedMethods) {
            System.arraycopy(snapshot, 0, transformedMethods, 0, transformedMethods.length);
        }
    }

    /** Whether Thread.exit() has been instrumented: thread ends then need no JVMTI event. */
    public boolean exitHooked() {
        return patched(EXIT) > 0;
    }

    /** Whether Thread.start() has been instrumented (either overload). */
    public boolean startHooked() {
        return patched(START) + patched(START_IN_CONTAINER) > 0;
    }

    /** Whether both constructors the JVM runs for attaching threads have been instrumented. */
    public boolean attachHooked() {
        return patched(ATTACH_NAMED) > 0 && patched(ATTACH_UNNAMED) > 0;
    }

    private int patched(Hook hook) {
        synchronized (transformedMethods) {
            return transformedMethods[1 + ClassPatcher.indexOf(HOOKS, hook)];
        }
    }

    /** How many methods have been instrumented so far (both loads and retransforms). */
    public int transformedMethods() {
        synchronized (transformedMethods) {
            return transformedMethods[0];
        }
    }
}
