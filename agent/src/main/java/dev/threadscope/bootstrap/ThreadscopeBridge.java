package dev.threadscope.bootstrap;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.Cleaner;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;
import java.util.function.ObjIntConsumer;
import java.util.function.ObjLongConsumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * What the instrumented JDK methods call. At run time this class is defined into the boot
 * loader as {@code java.lang.ThreadscopeBridge} (see {@code BridgeDefiner}), so it may refer
 * to JDK types only, must not use lambdas or nested classes, and must not name itself in a
 * descriptor. Every hook is a null check and a call that can never throw into the JDK method.
 * java.lang is exported to every module, so nothing here is public but what JDK classes of
 * other packages call (FutureTask, ManagementFactory): the sinks, the library's entry points
 * and CONTROL stay out of the application's reach (the agent reads CONTROL through its private
 * lookup, java.lang being opened to it alone).
 */
public final class ThreadscopeBridge
        implements Function<Object[], Object>, LongPredicate, LongConsumer, LongSupplier, LongUnaryOperator,
        ToLongFunction<Thread> {
    /**
     * The agent's one way in: read reflectively once, then plain interface calls. Each
     * distinct reflective call would spin method-handle classes at start-up on JDK 18+ (JEP 416).
     */
    static final Function<Object[], Object> CONTROL = new ThreadscopeBridge();

    /**
     * Thread's own {@code start0()}, private: called by {@link #start0(Thread)}, which replaces
     * the call in {@code Thread.start()}. Static final, so the JIT calls the native directly.
     * Null if it cannot be had (then Thread is not patched).
     */
    private static final MethodHandle START0 = start0Handle();

    /** This class's name once defined into java.lang (the template's own name is renamed away). */
    private static final String NAME = "java.lang.ThreadscopeBridge";

    /** {@code Thread.start()} is about to call start0(); true if the thread was announced (no start event). */
    private static volatile Predicate<Thread> starting;
    /**
     * start0() returned: the thread is starting, monitor held. Second argument: bit 0 set if it
     * was announced; the rest (shifted right by one, signed) its kernel id, or -1.
     */
    private static volatile ObjLongConsumer<Thread> started;
    /**
     * End of the Thread constructor the JVM runs on a thread attaching from native code (JNI
     * AttachCurrentThread, JNA callbacks, FFM upcalls): that thread, its kernel id or -1.
     */
    private static volatile ObjLongConsumer<Thread> attached;
    /** Whether {@link #kernelIdOf} works (the library is loaded and found the JVM's thread layout). */
    private static volatile boolean kernelIds;
    /** start0() threw: the thread did not start (second argument 1 if it was announced). */
    private static volatile ObjIntConsumer<Thread> startFailed;
    /** {@code Thread.exit()}: the VM is ending the calling thread (also one attached from native code). */
    private static volatile Consumer<Thread> exiting;
    /** {@code Thread.dispatchUncaughtException}: the thread and the throwable. */
    private static volatile BiConsumer<Thread, Throwable> uncaught;
    /** {@code ManagementFactory.getPlatformMBeanServer()} was entered. */
    private static volatile Runnable platformServer;
    /** {@code FutureTask.setException}: the task and the exception it captured. */
    private static volatile BiConsumer<Object, Throwable> futureFailed;
    /** {@code FutureTask.report} / {@code exceptionNow}: someone looked at the task's outcome. */
    private static volatile Consumer<Object> futureRetrieved;
    /** {@code VirtualThread.start(ThreadContainer)}: a virtual thread is about to start. */
    private static volatile Consumer<Thread> virtualStarting;
    /** {@code VirtualThread.afterDone}: a virtual thread is done. */
    private static volatile Consumer<Thread> virtualEnded;
    /** End of {@code ThreadLocal.<init>}: a ThreadLocal was created (by the caller's caller). */
    private static volatile Consumer<Object> threadLocalCreated;

    private ThreadscopeBridge() {
    }

    /** {op, args...}: set/get a sink by name, load the library, start native events. */
    @Override
    public Object apply(Object[] call) {
        String op = (String) call[0];
        switch (op) {
            case "get":
                return sink((String) call[1]);
            case "set":
                setSink((String) call[1], call[2]);
                return null;
            case "load":
                load((String) call[1]);
                return null;
            case "nativeStart":
                return nativeStart((Class<?>) call[1], (Integer) call[2]);
            case "start0":
                return START0 != null;
            case "writingStaticArchive":
                return writingStaticArchive();
            case "initialized":
                return initialized((Class<?>) call[1]);
            case "cleaner":
                return cleaner();
            case "kernelIds":
                return startKernelIds();
            case "kernelIdLocked":
                return kernelIdLocked((Thread) call[1]);
            case "enableStartEvents":
                return enableStartEvents();
            default:
                throw new IllegalArgumentException(op);
        }
    }

    @SuppressWarnings("unchecked")
    private static void setSink(String name, Object sink) {
        switch (name) {
            case "starting":
                starting = (Predicate<Thread>) sink;
                break;
            case "started":
                started = (ObjLongConsumer<Thread>) sink;
                break;
            case "attached":
                attached = (ObjLongConsumer<Thread>) sink;
                break;
            case "startFailed":
                startFailed = (ObjIntConsumer<Thread>) sink;
                break;
            case "exiting":
                exiting = (Consumer<Thread>) sink;
                break;
            case "uncaught":
                uncaught = (BiConsumer<Thread, Throwable>) sink;
                break;
            case "platformServer":
                platformServer = (Runnable) sink;
                break;
            case "futureFailed":
                futureFailed = (BiConsumer<Object, Throwable>) sink;
                break;
            case "futureRetrieved":
                futureRetrieved = (Consumer<Object>) sink;
                break;
            case "threadLocalCreated":
                threadLocalCreated = (Consumer<Object>) sink;
                break;
            case "virtualStarting":
                virtualStarting = (Consumer<Thread>) sink;
                break;
            case "virtualEnded":
                virtualEnded = (Consumer<Thread>) sink;
                break;
            default:
                throw new IllegalArgumentException(name);
        }
    }

    private static Object sink(String name) {
        switch (name) {
            case "starting":
                return starting;
            case "started":
                return started;
            case "attached":
                return attached;
            case "startFailed":
                return startFailed;
            case "exiting":
                return exiting;
            case "uncaught":
                return uncaught;
            case "platformServer":
                return platformServer;
            case "futureFailed":
                return futureFailed;
            case "futureRetrieved":
                return futureRetrieved;
            case "threadLocalCreated":
                return threadLocalCreated;
            case "virtualStarting":
                return virtualStarting;
            case "virtualEnded":
                return virtualEnded;
            default:
                throw new IllegalArgumentException(name);
        }
    }

    private static MethodHandle start0Handle() {
        try {
            return MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findVirtual(Thread.class, "start0", MethodType.methodType(void.class));
        } catch (Throwable unavailable) {
            return null;
        }
    }

    /**
     * In place of {@code this.start0()} inside {@code Thread.start()} (both overloads), with the
     * Thread's monitor held: announce, start, then record, while the new thread is already
     * on its way. What start0() throws is rethrown as it is.
     */
    static void start0(Thread thread) throws Throwable {
        int announced = 0;
        Predicate<Thread> before = starting;
        if (before != null) {
            try {
                announced = before.test(thread) ? 1 : 0;
            } catch (Throwable ignored) {
                // never into Thread.start()
            }
        }
        try {
            START0.invokeExact(thread);
        } catch (Throwable failed) {
            threadStartFailed(thread, announced);
            hideThisFrame(failed);
            throw failed;
        }
        ObjLongConsumer<Thread> after = started;
        if (after != null) {
            try {
                long kernelId = kernelIds ? kernelIdOf(thread) : -1; // safe: its monitor is held, it has started
                after.accept(thread, kernelId << 1 | announced);
            } catch (Throwable ignored) {
                // the thread has started regardless
            }
        }
    }

    /**
     * End of {@code Thread(ThreadGroup, String)} and {@code Thread(ThreadGroup, Runnable)}: the
     * JVM runs one of them on a thread attaching from native code, for its own Thread object,
     * which is then already the current thread. Any other construction returns at once.
     */
    static void threadConstructed(Thread thread) {
        if (thread != Thread.currentThread()) {
            return;
        }
        ObjLongConsumer<Thread> sink = attached;
        if (sink != null) {
            try {
                sink.accept(thread, kernelIds ? kernelIdOf(thread) : -1);
            } catch (Throwable ignored) {
                // the attach proceeds regardless
            }
        }
    }

    /** Turns {@link #kernelIdOf} on; null, or why it cannot be. */
    private static String startKernelIds() {
        String error = kernelIds();
        kernelIds = error == null;
        return error;
    }

    /**
     * A live thread's kernel id, read with its monitor held (so that it cannot end meanwhile);
     * -1 if unknown. Blocks while someone else holds that monitor: only for JVM-internal threads.
     */
    private static Long kernelIdLocked(Thread thread) {
        if (!kernelIds) {
            return -1L;
        }
        synchronized (thread) {
            return thread.isAlive() ? kernelIdOf(thread) : -1L;
        }
    }

    /** What start0() threw reads as it would without threadscope: this class's frame is taken out. */
    private static void hideThisFrame(Throwable failed) {
        try {
            StackTraceElement[] frames = failed.getStackTrace();
            int ours = 0;
            for (StackTraceElement f : frames) {
                if (NAME.equals(f.getClassName())) {
                    ours++;
                }
            }
            if (ours == 0) {
                return;
            }
            StackTraceElement[] kept = new StackTraceElement[frames.length - ours];
            int k = 0;
            for (StackTraceElement f : frames) {
                if (!NAME.equals(f.getClassName())) {
                    kept[k++] = f;
                }
            }
            failed.setStackTrace(kept);
        } catch (Throwable ignored) {
            // the original stack trace stays
        }
    }

    /**
     * The JDK's own cleaner (jdk.internal.ref.CleanerFactory, the Common-Cleaner thread), from
     * here inside java.base so that jdk.internal.ref need not be exported to anyone; null if
     * this runtime has none.
     */
    private static Object cleaner() {
        try {
            Class<?> factory = Class.forName("jdk.internal.ref.CleanerFactory");
            MethodHandle get = MethodHandles.lookup().findStatic(factory, "cleaner",
                    MethodType.methodType(Cleaner.class));
            return (Cleaner) get.invokeExact();
        } catch (Throwable none) {
            return null;
        }
    }

    /**
     * Whether this JVM is writing a static CDS archive: an AOT training or assembly run on JDK
     * 24+ (-XX:AOTCacheOutput, -XX:AOTMode=record|create), or -Xshare:dump. Asked of
     * jdk.internal.misc.CDS (CdsStandIn, renamed when the bridge is defined); false where it
     * cannot say (JDK 17 has no such method, and refuses agents in static dumps anyway).
     */
    private static boolean writingStaticArchive() {
        try {
            return CdsStandIn.isDumpingStaticArchive();
        } catch (LinkageError unknown) {
            return false;
        }
    }

    /**
     * Whether class {@code c} is initialized, asked without initializing it (reading a static
     * field would run its static initializer, on whatever thread asks): jdk.internal.misc.Unsafe
     * (UnsafeStandIn, renamed when the bridge is defined). False where it cannot say.
     */
    private static boolean initialized(Class<?> c) {
        try {
            return c != null && !UnsafeStandIn.getUnsafe().shouldBeInitialized(c);
        } catch (LinkageError unknown) {
            return false;
        }
    }

    private static void threadStartFailed(Thread thread, int announced) {
        ObjIntConsumer<Thread> sink = startFailed;
        if (sink != null) {
            try {
                sink.accept(thread, announced);
            } catch (Throwable ignored) {
                // the original exception is rethrown by the caller
            }
        }
    }

    static void threadExiting(Thread thread) {
        Consumer<Thread> sink = exiting;
        if (sink != null) {
            try {
                sink.accept(thread);
            } catch (Throwable ignored) {
                // the thread ends regardless
            }
        }
    }

    static void uncaughtException(Thread thread, Throwable error) {
        BiConsumer<Thread, Throwable> sink = uncaught;
        if (sink != null) {
            try {
                sink.accept(thread, error);
            } catch (Throwable ignored) {
                // the JVM's own dispatch follows
            }
        }
    }

    public static void platformServerRequested() {
        Runnable sink = platformServer;
        if (sink != null) {
            try {
                sink.run();
            } catch (Throwable ignored) {
                // the application's own call proceeds
            }
        }
    }

    public static void futureFailed(Object task, Throwable error) {
        BiConsumer<Object, Throwable> sink = futureFailed;
        if (sink != null) {
            try {
                sink.accept(task, error);
            } catch (Throwable ignored) {
                // the task's own completion proceeds
            }
        }
    }

    public static void futureRetrieved(Object task) {
        Consumer<Object> sink = futureRetrieved;
        if (sink != null) {
            try {
                sink.accept(task);
            } catch (Throwable ignored) {
                // get() proceeds
            }
        }
    }

    static void virtualStarting(Thread thread) {
        Consumer<Thread> sink = virtualStarting;
        if (sink != null) {
            try {
                sink.accept(thread);
            } catch (Throwable ignored) {
                // the virtual thread starts regardless
            }
        }
    }

    static void virtualEnded(Thread thread) {
        Consumer<Thread> sink = virtualEnded;
        if (sink != null) {
            try {
                sink.accept(thread);
            } catch (Throwable ignored) {
                // the virtual thread terminates regardless
            }
        }
    }

    static void threadLocalCreated(Object threadLocal) {
        Consumer<Object> sink = threadLocalCreated;
        if (sink != null) {
            try {
                sink.accept(threadLocal);
            } catch (Throwable ignored) {
                // the constructor completes regardless
            }
        }
    }

    /**
     * Loads the JVMTI library from java.base, so that it belongs to the boot loader: no
     * JEP 472 native-access warning, and JNI_OnLoad can bind the natives below by name.
     */
    private static void load(String path) {
        System.load(path);
    }

    /**
     * Turns JVMTI ThreadStart (and, with flags bit 0, ThreadEnd) on, calling {@code sink};
     * null or an error message.
     */
    private static native String nativeStart(Class<?> sink, int flags);

    /** The kernel's id of the calling thread. */
    private static native long osThreadId();

    /** Finds the JVM's thread layout and checks it on this thread: null, or why it cannot be used. */
    private static native String kernelIds();

    /**
     * The kernel id of {@code thread}, read from the JVM's own structures, or -1. Only for the
     * calling thread or a started thread whose monitor the caller holds.
     */
    private static native long kernelIdOf(Thread thread);

    /** Turns JVMTI ThreadStart on (someone listens for starts on the new threads themselves); null, or why not. */
    private static native String enableStartEvents();

    /** Thread {@code id} is about to start with its record complete: no start upcall. False: expect one. */
    private static native boolean announce(long id);

    /** The start of an announced thread failed. */
    private static native void withdraw(long id);

    /** The kernel id that thread {@code id}'s start event stored, or -1. */
    private static native long storedOsThreadId(long id);

    /** On the ending thread {@code id} itself: its kernel id, now forgotten by the library. */
    private static native long endOsThreadId(long id);

    /** {@link #announce}, without the reflection or allocation of {@link #apply} (Thread.start() path). */
    @Override
    public boolean test(long id) {
        return announce(id);
    }

    /** {@link #withdraw}. */
    @Override
    public void accept(long id) {
        withdraw(id);
    }

    /** {@link #osThreadId}. */
    @Override
    public long getAsLong() {
        return osThreadId();
    }

    /** {@link #storedOsThreadId}. */
    @Override
    public long applyAsLong(Thread thread) {
        return storedOsThreadId(thread.getId());
    }

    /** {@link #endOsThreadId}. */
    @Override
    public long applyAsLong(long id) {
        return endOsThreadId(id);
    }
}
