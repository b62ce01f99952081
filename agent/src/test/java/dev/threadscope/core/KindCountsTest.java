package dev.threadscope.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class KindCountsTest {

    @Test
    void countsEachKindApart() {
        KindCounts c = new KindCounts();
        c.started(Kind.USER);
        c.started(Kind.USER);
        c.started(Kind.DAEMON);
        c.ended(Kind.USER);
        c.started(Kind.VIRTUAL);
        assertEquals(Map.of("MAIN", 0L, "DAEMON", 1L, "USER", 2L, "ALIEN", 0L, "SYSTEM", 0L, "VIRTUAL", 1L),
                c.startedMap());
        assertEquals(Map.of("MAIN", 0L, "DAEMON", 0L, "USER", 1L, "ALIEN", 0L, "SYSTEM", 0L, "VIRTUAL", 0L),
                c.endedMap());
        assertEquals(Map.of("MAIN", 0L, "DAEMON", 1L, "USER", 1L, "ALIEN", 0L, "SYSTEM", 0L, "VIRTUAL", 1L),
                c.liveMap());
        assertEquals(List.of("MAIN", "DAEMON", "USER", "ALIEN", "SYSTEM", "VIRTUAL"),
                new ArrayList<>(c.startedMap().keySet()), "the contract's order of kinds");
    }

    @Test
    void virtualThreadsReadAsZeroUntilTheFirstStarts() {
        KindCounts c = new KindCounts();
        assertEquals(0, c.started(Kind.VIRTUAL.ordinal()));
        assertEquals(0, c.ended(Kind.VIRTUAL.ordinal()));
        c.ended(Kind.VIRTUAL); // an end seen without its start (a failed start's afterDone) still counts
        assertEquals(1, c.ended(Kind.VIRTUAL.ordinal()));
        assertEquals(0, c.live(Kind.VIRTUAL.ordinal()), "never below zero");
    }

    @Test
    void concurrentCountsAreExact() throws Exception {
        KindCounts c = new KindCounts();
        int threads = 4;
        int each = 50_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    c.started(Kind.USER);
                    c.started(Kind.VIRTUAL); // the first of these races to make the adders
                    c.ended(Kind.VIRTUAL);
                    c.ended(Kind.USER);
                }
            });
            th.start();
            all.add(th);
        }
        go.countDown();
        for (Thread th : all) {
            th.join();
        }
        long n = (long) threads * each;
        assertEquals(n, c.started(Kind.USER.ordinal()));
        assertEquals(n, c.ended(Kind.USER.ordinal()));
        assertEquals(n, c.started(Kind.VIRTUAL.ordinal()));
        assertEquals(n, c.ended(Kind.VIRTUAL.ordinal()));
        assertEquals(0, c.live(Kind.USER.ordinal()));
    }
}
