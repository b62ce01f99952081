package dev.threadscope.testapp.harness;

import java.util.concurrent.CountDownLatch;

/**
 * What the native harness (test-apps/native-harness) calls through JNI. Every method is
 * static and called by name from C (see scenarios.c and exeharness.c): keep the names and
 * signatures in step with those files.
 */
public final class Callbacks {
    /** Attached threads touch a thread-local, as real callbacks (a logging MDC, say) would. */
    private static final ThreadLocal<String> SEEN = new ThreadLocal<>();
    /** Strong references: since JDK 19 a ThreadGroup is kept alive only by its threads and holders. */
    private static ThreadGroup group;
    private static volatile Spawned spawned;

    private Callbacks() {
    }

    /** The JNI_CreateJavaVM caller says hello: its Java id. */
    public static long hello() {
        return Thread.currentThread().getId();
    }

    /** A thread group under the caller's (main) group, for JavaVMAttachArgs.group. */
    public static synchronized ThreadGroup group(String name) {
        group = new ThreadGroup(Thread.currentThread().getThreadGroup(), name);
        return group;
    }

    /** An attached thread calls in; returns its Java id. */
    public static long attached(int index) {
        SEEN.set("attached-" + index);
        return Thread.currentThread().getId();
    }

    /** One attach/detach cycle of the churn scenario; returns the thread's Java id. */
    public static long churn(int worker) {
        return Thread.currentThread().getId();
    }

    /** Throws; the harness detaches with the exception still pending. */
    public static void fail(int index) {
        throw new IllegalStateException("harness: thrown on purpose by attached thread " + index
                + " and left pending at DetachCurrentThread");
    }

    /** From an attached thread: starts a USER and a DAEMON thread that wait for {@link #releaseSpawned()}. */
    public static long spawn(int index) {
        Spawned s = new Spawned();
        spawned = s;
        s.user.start();
        s.daemon.start();
        return Thread.currentThread().getId();
    }

    /** From the main thread: lets the spawned threads end and waits for them. */
    public static void releaseSpawned() throws InterruptedException {
        Spawned s = spawned;
        if (s != null) {
            s.release.countDown();
            s.user.join();
            s.daemon.join();
        }
    }

    private static final class Spawned implements Runnable {
        final CountDownLatch release = new CountDownLatch(1);
        final Thread user = new Thread(this, "harness-spawned-user");
        final Thread daemon = new Thread(this, "harness-spawned-daemon");

        Spawned() {
            daemon.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
