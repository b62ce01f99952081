package dev.threadscope.locals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ValueRendererTest {
    private static final ValueRenderer SHOW = new ValueRenderer(true);
    private static final ValueRenderer TYPE = new ValueRenderer(false);

    private static long deadline() {
        return System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    }

    /** The text after "class@hash size: ". */
    private static String shown(Object value) {
        String s = SHOW.summary(value, deadline());
        return s.substring(s.indexOf(": ") + 2);
    }

    @Test
    void arraysAreShownElementByElement() {
        assertEquals("[1, 2, 3]", shown(new int[] {1, 2, 3}));
        assertEquals("[1, requestId, req-1]", shown(new Object[] {1, "requestId", "req-1"})); // Log4j's context map
        assertEquals("[[a, b], null, [1]]", shown(new Object[] {new String[] {"a", "b"}, null, new long[] {1}}));
        Object[] self = new Object[1];
        self[0] = self;
        assertEquals("[(this array)]", shown(self));
        assertEquals("[req-7]", shown(new Object[] {new Object() {
            @Override
            public String toString() {
                return "req-7";
            }
        }}));
    }

    @Test
    void arraysKeepTheirLengthAndShowNothingByDefault() {
        String s = TYPE.summary(new Object[] {"secret-token"}, deadline());
        assertTrue(s.startsWith("[Ljava.lang.Object;@") && s.endsWith(" length=1"), s);
        assertFalse(s.contains("secret"), s);
        assertTrue(SHOW.summary(new int[] {4, 5}, deadline()).contains(" length=2: [4, 5]"));
    }

    @Test
    void longArraysAreCut() {
        String s = shown(new long[100_000]);
        assertTrue(s.startsWith("[0, 0, ") && s.endsWith("..."), s);
        assertTrue(s.length() <= ValueRenderer.MAX + 3, s.length() + ": " + s);
    }

    @Test
    void anElementWhoseToStringThrowsGivesAMarker() {
        String s = shown(new Object[] {new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no");
            }
        }});
        assertEquals("<toString() threw java.lang.IllegalStateException>", s);
    }

    /**
     * A JDK collection whose element's toString() hangs keeps only that collection from being
     * rendered: every other list or map (every thread's MDC map) still renders.
     */
    @Test
    void aHangingElementBlocksOnlyItsOwnCollection() {
        ValueRenderer show = new ValueRenderer(true);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Object hanging = new Object() {
            @Override
            public String toString() {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "late";
            }
        };
        try {
            java.util.List<Object> stuck = new java.util.ArrayList<>(java.util.List.of("x", hanging));
            assertTrue(show.summary(stuck, deadline()).contains("did not return"));
            assertTrue(show.summary(stuck, deadline()).contains("an earlier toString() of this value has not returned"));
            assertTrue(show.summary(new java.util.ArrayList<>(java.util.List.of("just", "strings")), deadline())
                    .endsWith(": [just, strings]"));
            assertTrue(show.summary(new java.util.HashMap<>(java.util.Map.of("user", "alice")), deadline())
                    .endsWith(": {user=alice}"));
        } finally {
            release.countDown();
        }
    }

    /** With values=type a summary runs no application code and takes no lock, whatever the value. */
    @Test
    void sizesOnlyWhereTheyCostNoApplicationCodeAndNoLock() throws Exception {
        assertTrue(TYPE.summary(new java.util.ArrayList<>(java.util.List.of(1, 2)), deadline()).endsWith(" size=2"));
        assertTrue(TYPE.summary(new java.util.HashMap<>(java.util.Map.of("k", "v")), deadline()).endsWith(" size=1"));
        assertTrue(TYPE.summary(java.util.List.of(1, 2, 3), deadline()).endsWith(" size=3"));
        assertTrue(TYPE.summary("secret", deadline()).endsWith(" length=6"));

        java.util.concurrent.atomic.AtomicInteger appCalls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<String> appList = new java.util.AbstractList<String>() {
            @Override
            public String get(int i) {
                throw new IndexOutOfBoundsException();
            }

            @Override
            public int size() {
                appCalls.incrementAndGet();
                throw new AssertionError("password=hunter2");
            }
        };
        String wrapped = TYPE.summary(java.util.Collections.unmodifiableList(appList), deadline());
        assertEquals(0, appCalls.get(), "the application's size() ran: " + wrapped);
        assertFalse(wrapped.contains("hunter2"), wrapped);

        // A TreeSet made by headSet() is a plain java.util.TreeSet over a sub-map: its size() walks
        // the entries with the application's comparator (and writes the sub-map's cached size).
        java.util.TreeSet<String> sorted = new java.util.TreeSet<>((a, b) -> {
            appCalls.incrementAndGet();
            return a.compareTo(b);
        });
        sorted.addAll(java.util.List.of("a", "b", "c", "d"));
        java.util.List<java.util.SortedSet<String>> views = java.util.List.of(sorted.headSet("c"), sorted.tailSet("b"),
                sorted.subSet("a", "c"), sorted.descendingSet());
        appCalls.set(0); // making the views compared their bounds
        for (java.util.SortedSet<String> view : views) {
            String viewed = TYPE.summary(view, deadline());
            assertFalse(viewed.contains("size="), viewed);
        }
        assertEquals(0, appCalls.get(), "the application's comparator ran");
        assertTrue(TYPE.summary(new java.util.TreeMap<>(java.util.Map.of("k", "v")), deadline()).endsWith(" size=1"));

        java.util.Vector<String> locked = new java.util.Vector<>(java.util.List.of("a"));
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (locked) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        holder.start();
        held.await();
        try {
            java.util.concurrent.CompletableFuture<String> summary =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> TYPE.summary(locked, deadline()));
            String s = summary.get(5, TimeUnit.SECONDS); // would wait for the Vector's lock forever
            assertFalse(s.contains("size="), s);
        } finally {
            release.countDown();
            holder.join();
        }
    }
}
