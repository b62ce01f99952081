package dev.threadscope.core;

import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Decides a platform thread's kind, once, when it is first seen. MAIN is never decided
 * here: it is the thread that ran premain (or called JNI_CreateJavaVM).
 * <ul>
 *   <li>a virtual thread bound to a platform thread (no continuations on this JVM): VIRTUAL;
 *   <li>a carrier of virtual threads: DAEMON (USER if not a daemon), marked as a carrier;
 *   <li>a worker of a ForkJoinPool, the common pool's included (on JDK 24+ the common pool's
 *       workers are in a group of their own under the system group): DAEMON or USER by its
 *       daemon flag: it runs the application's tasks (parallel streams, CompletableFuture);
 *   <li>in the system thread group or a sub-group other than the main group: SYSTEM
 *       (Reference Handler, Finalizer, Signal Dispatcher, Common-Cleaner, Attach Listener...);
 *   <li>else started by Thread.start(): DAEMON or USER by its daemon flag;
 *   <li>else ALIEN: it entered the JVM from native code; except the thread the JVM itself
 *       attaches in {@code DestroyJavaVM} to wait for the last non-daemon thread and run the
 *       shutdown hooks (the java launcher's, after main() returns): SYSTEM.
 * </ul>
 */
public final class Classifier {
    private final ThreadGroup mainGroup;

    /** @param mainGroup the main thread's group; threads under it are never SYSTEM */
    public Classifier(ThreadGroup mainGroup) {
        this.mainGroup = mainGroup;
    }

    public Kind classify(Thread thread, boolean startedByJava) {
        if (isCarrier(thread) || thread instanceof ForkJoinWorkerThread) {
            return thread.isDaemon() ? Kind.DAEMON : Kind.USER; // the JDK's, but what they are: platform workers
        }
        if (inSystemGroup(thread.getThreadGroup())) {
            // A virtual thread that goes through Thread.start() is in the JDK's VirtualThreads
            // group: without continuations (-XX:-VMContinuations, or a port without them) each
            // one is bound to a platform thread of its own.
            return Threads.isVirtual(thread) ? Kind.VIRTUAL : Kind.SYSTEM;
        }
        if (startedByJava) {
            return thread.isDaemon() ? Kind.DAEMON : Kind.USER;
        }
        return attached(thread);
    }

    /** The JVM's name for the thread it attaches in {@code DestroyJavaVM} (HotSpot's jni.cpp). */
    static final String DESTROY_JAVA_VM = "DestroyJavaVM";

    /**
     * A thread not started by Thread.start() and not in the system group: ALIEN, or SYSTEM for
     * the JVM's own {@code DestroyJavaVM} thread (no application code runs on it but shutdown hooks).
     */
    public static Kind attached(Thread thread) {
        return DESTROY_JAVA_VM.equals(thread.getName()) ? Kind.SYSTEM : Kind.ALIEN;
    }

    /** A carrier of virtual threads (JDK 21+): a ForkJoinPool worker of the virtual-thread scheduler. */
    public static boolean isCarrier(Thread thread) {
        return thread.getClass().getName().equals("jdk.internal.misc.CarrierThread");
    }

    boolean inSystemGroup(ThreadGroup group) {
        for (ThreadGroup g = group; g != null; g = g.getParent()) {
            if (g == mainGroup) {
                return false;
            }
            if (g.getParent() == null) {
                return true;
            }
        }
        return false;
    }
}
