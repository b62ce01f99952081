package dev.threadscope.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClassifierTest {
    private final ThreadGroup main = Threads.mainGroup();
    private final Classifier classifier = new Classifier(main);

    @Test
    void startedThreadsAreDaemonOrUserByTheirFlag() {
        Thread user = new Thread(main, () -> { }, "u");
        Thread daemon = new Thread(main, () -> { }, "d");
        daemon.setDaemon(true);
        assertEquals(Kind.USER, classifier.classify(user, true));
        assertEquals(Kind.DAEMON, classifier.classify(daemon, true));
    }

    @Test
    void unseenStartsAreAlien() {
        Thread attached = new Thread(main, () -> { }, "attached");
        assertEquals(Kind.ALIEN, classifier.classify(attached, false));
        ThreadGroup sub = new ThreadGroup(main, "pool");
        assertEquals(Kind.ALIEN, classifier.classify(new Thread(sub, () -> { }), false));
    }

    @Test
    void theJvmsOwnDestroyJavaVmAttachIsSystemNotAlien() {
        Thread destroy = new Thread(main, () -> { }, "DestroyJavaVM");
        assertEquals(Kind.SYSTEM, classifier.classify(destroy, false));
        assertEquals(Kind.SYSTEM, Classifier.attached(destroy));
        assertEquals(Kind.USER, classifier.classify(destroy, true), "only the attach is the JVM's");
        assertEquals(Kind.ALIEN, Classifier.attached(new Thread(main, () -> { }, "DestroyJavaVM-like")));
    }

    /** JDK 21+ without continuations: a virtual thread is bound to a platform thread and goes through Thread.start(). */
    @Test
    void virtualThreadsAreVirtualHoweverStarted() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual threads: JDK 21+");
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Thread virtual = (Thread) Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class)
                .invoke(builder, (Runnable) () -> { });
        assertEquals(Kind.VIRTUAL, classifier.classify(virtual, true));
        assertEquals(Kind.VIRTUAL, classifier.classify(virtual, false));
    }

    @Test
    void systemGroupThreadsAreSystemHoweverStarted() {
        ThreadGroup root = Threads.root();
        Thread vm = new Thread(root, () -> { }, "vm-ish");
        assertEquals(Kind.SYSTEM, classifier.classify(vm, false));
        assertEquals(Kind.SYSTEM, classifier.classify(vm, true));
        ThreadGroup innocuous = new ThreadGroup(root, "InnocuousThreadGroup-test");
        assertEquals(Kind.SYSTEM, classifier.classify(new Thread(innocuous, () -> { }), true));
    }

    @Test
    void realJvmThreadsAreSystem() {
        for (Thread t : Threads.all()) {
            if (t.getName().equals("Reference Handler") || t.getName().equals("Signal Dispatcher")) {
                assertEquals(Kind.SYSTEM, classifier.classify(t, false), t.getName());
            }
        }
    }
}
