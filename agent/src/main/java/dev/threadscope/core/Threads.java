package dev.threadscope.core;

import java.util.Arrays;

/** Small helpers over java.lang.Thread that work the same on JDK 17 and 25. */
public final class Threads {
    private Threads() {
    }

    /** JDK 21+ virtual threads, without calling an API that JDK 17 lacks. */
    public static boolean isVirtual(Thread t) {
        String name = t.getClass().getName();
        return name.equals("java.lang.VirtualThread") || name.equals("java.lang.ThreadBuilders$BoundVirtualThread");
    }

    /**
     * Whether a live thread's stack starts in its own run() (Thread.run, or a subclass's
     * override), as every thread started by Thread.start() does. A thread attached from
     * native code starts in whatever Java method native code called, or has no Java frames at
     * all while it is back in native code. Costs a stack walk: for threads found at load only.
     */
    public static boolean looksStartedByJava(Thread t) {
        StackTraceElement[] frames;
        try {
            frames = t.getStackTrace();
        } catch (RuntimeException e) {
            return true;
        }
        if (frames.length == 0) {
            return !t.isAlive(); // ended meanwhile: no evidence either way
        }
        StackTraceElement bottom = frames[frames.length - 1];
        if (!bottom.getMethodName().equals("run")) {
            return false;
        }
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(bottom.getClassName())) {
                return true;
            }
        }
        return false;
    }

    /** The root ("system") thread group. */
    /**
     * A daemon thread of threadscope's own, not started: in the root ("system") group, so it is
     * SYSTEM like the JDK's own; no inheritable thread-local values and no context class loader
     * taken from whichever application thread happens to create it (a web application's loader
     * kept alive by our thread would be the very leak this tool helps find).
     */
    public static Thread ours(Runnable task, String name) {
        Thread t = new Thread(root(), task, name, 0, false);
        t.setDaemon(true);
        t.setContextClassLoader(null);
        return t;
    }

    public static ThreadGroup root() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root != null && root.getParent() != null) {
            root = root.getParent();
        }
        return root;
    }

    /** The group the launcher (or JNI_CreateJavaVM) puts the main thread in: "main", under the root. */
    public static ThreadGroup mainGroup() {
        ThreadGroup root = root();
        if (root == null) {
            return null;
        }
        ThreadGroup[] groups = new ThreadGroup[root.activeGroupCount() + 8];
        int n = root.enumerate(groups, false);
        for (int i = 0; i < n; i++) {
            if ("main".equals(groups[i].getName())) {
                return groups[i];
            }
        }
        return null;
    }

    /** Every live platform thread, by enumerating the root thread group. */
    public static Thread[] all() {
        ThreadGroup root = root();
        if (root == null) {
            return new Thread[0];
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return Arrays.copyOf(threads, n);
    }
}
