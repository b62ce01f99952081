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
}
