package dev.threadscope.locals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.threadscope.core.WeakIdentityMap;

/**
 * Where each ThreadLocal came from. Every ThreadLocal constructed after load reports itself
 * (a hook at the end of ThreadLocal's constructor); its origin is the first frame that is not
 * a ThreadLocal constructor or ThreadLocal.withInitial: one frame, never a full stack. For
 * older ThreadLocals a cheap guess: a static field of the class that declares the
 * ThreadLocal's own class or its withInitial supplier that holds it ("Foo.FIELD").
 */
public final class Origins implements Consumer<Object> {
    private final WeakIdentityMap<Object, String> origins = new WeakIdentityMap<>();
    private final Set<Thread> busy = ConcurrentHashMap.newKeySet();
    /** Whether a class is initialized, without initializing it; until set, none is looked into. */
    private volatile Predicate<Class<?>> initialized;

    /** How to tell an initialized class (the bridge asks inside java.base). */
    public void setInitialized(Predicate<Class<?>> initialized) {
        this.initialized = initialized;
    }

    /** The constructor hook: {@code threadLocal} was just constructed on this thread. */
    @Override
    public void accept(Object threadLocal) {
        Thread me = Thread.currentThread();
        if (!busy.add(me)) {
            return; // a ThreadLocal made while we look at the stack
        }
        try {
            origins.expunge(null);
            String caller = Walker.INSTANCE.walk(Walker.FIRST_NON_PLUMBING);
            if (caller != null) {
                origins.put(threadLocal, caller);
            }
        } finally {
            busy.remove(me);
        }
    }

    /** No lambdas or stream pipelines: they would cost start-up time on the first ThreadLocal. */
    private static final class Walker implements Function<Stream<StackWalker.StackFrame>, String> {
        static final StackWalker INSTANCE = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
        static final Walker FIRST_NON_PLUMBING = new Walker();

        @Override
        public String apply(Stream<StackWalker.StackFrame> frames) {
            Iterator<StackWalker.StackFrame> it = frames.iterator();
            while (it.hasNext()) {
                StackWalker.StackFrame f = it.next();
                if (!plumbing(f)) {
                    return f.getClassName() + "." + f.getMethodName();
                }
            }
            return null;
        }
    }

    private static boolean plumbing(StackWalker.StackFrame f) {
        Class<?> c = f.getDeclaringClass();
        String name = c.getName();
        return name.startsWith(Origins.class.getName()) || name.equals("java.lang.ThreadscopeBridge")
                || (f.getMethodName().equals("<init>") && ThreadLocal.class.isAssignableFrom(c))
                || (c == ThreadLocal.class && f.getMethodName().equals("withInitial"));
    }

    /** The origin, or "" if unknown (null from guess: unknown for now, a candidate class not initialized yet). */
    String of(ThreadLocal<?> threadLocal) {
        String o = origins.get(threadLocal);
        if (o == null) {
            o = guess(threadLocal);
            if (o == null) {
                return ""; // a class not initialized yet: guessed again next time
            }
            origins.put(threadLocal, o);
        }
        return o;
    }

    /**
     * Only classes already initialized are looked into: reading a static field of one that is
     * not would run its static initializer here, on the inspecting thread, before the
     * application is ready for it (and a failure there breaks the class for good), or wait for
     * another thread that is initializing it.
     */
    private String guess(ThreadLocal<?> threadLocal) {
        Predicate<Class<?>> isInitialized = initialized;
        if (isInitialized == null) {
            return null;
        }
        boolean skipped = false;
        try {
            for (Class<?> c : candidates(threadLocal)) {
                if (c == null) {
                    continue;
                }
                if (!isInitialized.test(c)) {
                    skipped = true;
                    continue;
                }
                String field = staticFieldHolding(c, threadLocal);
                if (field != null) {
                    return field;
                }
            }
        } catch (Throwable e) {
            // a class we cannot look into (its loader failed, say): no guess
        }
        return skipped ? null : "";
    }

    /** Classes that may hold it: the one declaring its (anonymous) subclass, the one declaring its supplier. */
    private static Class<?>[] candidates(ThreadLocal<?> threadLocal) {
        Class<?> own = threadLocal.getClass();
        Class<?> enclosing = own.getEnclosingClass();
        Class<?> supplierHost = null;
        if (own.getName().equals("java.lang.ThreadLocal$SuppliedThreadLocal")) {
            supplierHost = hostOf(readField(own, "supplier", threadLocal));
        }
        return new Class<?>[] {supplierHost, enclosing, own};
    }

    /** The class that defined a lambda or nested class: {@code Foo$$Lambda/0x...} or {@code Foo$1} -> Foo. */
    private static Class<?> hostOf(Object o) {
        if (o == null) {
            return null;
        }
        Class<?> c = o.getClass();
        if (c.getEnclosingClass() != null) {
            return c.getEnclosingClass();
        }
        int cut = c.getName().indexOf("$$Lambda");
        if (cut < 0) {
            return c;
        }
        try {
            return Class.forName(c.getName().substring(0, cut), false, c.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static String staticFieldHolding(Class<?> c, Object value) {
        if (c == null || c == ThreadLocal.class || c == InheritableThreadLocal.class) {
            return null;
        }
        try {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && ThreadLocal.class.isAssignableFrom(f.getType())
                        && f.trySetAccessible() && f.get(null) == value) {
                    return c.getName() + "." + f.getName();
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // a class we may not look into: no guess
        }
        return null;
    }

    private static Object readField(Class<?> c, String name, Object target) {
        try {
            Field f = c.getDeclaredField(name);
            return f.trySetAccessible() ? f.get(target) : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
