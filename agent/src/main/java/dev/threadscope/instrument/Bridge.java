package dev.threadscope.instrument;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.ref.Cleaner;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The agent's typed view of {@code java.lang.ThreadscopeBridge}, through its CONTROL function.
 * As a predicate: whether a class is initialized, asked inside java.base without initializing
 * it (false if unknown); a predicate rather than a lambda, which would spin a class at start-up.
 */
public final class Bridge implements Predicate<Class<?>> {
    private final Function<Object[], Object> control;

    /**
     * An exact-typed static getter rather than Field.get: on JDK 18+ reflection spins
     * method-handle classes of its own at start-up (JEP 416); this shape is pre-generated.
     */
    @SuppressWarnings("unchecked")
    Bridge(MethodHandles.Lookup lookup, Class<?> bridgeClass) throws ReflectiveOperationException {
        MethodHandle getter = lookup.findStaticGetter(bridgeClass, "CONTROL", Function.class);
        try {
            this.control = (Function<Object[], Object>) (Function<?, ?>) getter.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new ReflectiveOperationException(t);
        }
    }

    /** The bridge's native {@code announce(long)}, as a plain interface call (a hot path). */
    public LongPredicate announcer() {
        return (LongPredicate) control;
    }

    /** The bridge's native {@code withdraw(long)}. */
    public LongConsumer withdrawer() {
        return (LongConsumer) control;
    }

    /** The bridge's native {@code endOsThreadId(long)}. */
    public LongUnaryOperator endOsThreadIds() {
        return (LongUnaryOperator) control;
    }

    /** The bridge's native {@code storedOsThreadId(long)}, given a thread. */
    @SuppressWarnings("unchecked")
    public ToLongFunction<Thread> storedOsThreadIds() {
        return (ToLongFunction<Thread>) control;
    }

    public Object sink(String name) {
        return control.apply(new Object[] {"get", name});
    }

    public void setSink(String name, Object sink) {
        control.apply(new Object[] {"set", name, sink});
    }

    /** Whether the bridge holds Thread.start0() and so can stand in for Thread.start()'s call to it. */
    public boolean canStartThreads() {
        return Boolean.TRUE.equals(control.apply(new Object[] {"start0"}));
    }

    /**
     * Whether the JVM is writing a static CDS archive (an AOT cache's training or assembly run on
     * JDK 24+): redefining JDK classes then crashes JDK 25's archive writer (docs/troubleshooting.md).
     */
    public boolean writingStaticArchive() {
        return Boolean.TRUE.equals(control.apply(new Object[] {"writingStaticArchive"}));
    }

    @Override
    public boolean test(Class<?> c) {
        return Boolean.TRUE.equals(control.apply(new Object[] {"initialized", c}));
    }

    /** The JDK's own cleaner (the Common-Cleaner thread), fetched inside java.base; null if none. */
    public Cleaner cleaner() {
        return (Cleaner) control.apply(new Object[] {"cleaner"});
    }

    /** System.load from java.base: the library belongs to the boot loader. */
    public void load(String path) {
        control.apply(new Object[] {"load", path});
    }

    /**
     * Null on success, else what went wrong. {@code threadStarts}, {@code threadEnds}: post JVMTI
     * ThreadStart, ThreadEnd.
     */
    public String nativeStart(Class<?> sink, boolean threadStarts, boolean threadEnds) {
        return (String) control.apply(new Object[] {"nativeStart", sink, (threadEnds ? 1 : 0) | (threadStarts ? 2 : 0)});
    }

    /** Makes kernel ids readable from the JVM's own structures (library loaded); null, or why not. */
    public String kernelIds() {
        return (String) control.apply(new Object[] {"kernelIds"});
    }

    /** A live thread's kernel id, read holding its monitor (JVM-internal threads only); -1 if unknown. */
    public long kernelIdLocked(Thread thread) {
        return (Long) control.apply(new Object[] {"kernelIdLocked", thread});
    }

    /** JVMTI ThreadStart on, after nativeStart left it off; null, or why not. */
    public String enableStartEvents() {
        return (String) control.apply(new Object[] {"enableStartEvents"});
    }

    /** The bridge's native {@code osThreadId()}, as a plain interface call. */
    public LongSupplier osThreadIds() {
        return (LongSupplier) control;
    }
}
