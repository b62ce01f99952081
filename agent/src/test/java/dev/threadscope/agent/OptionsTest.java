package dev.threadscope.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsMatchTheContract() {
        Options o = Options.parse(null, new ArrayList<>());
        assertEquals("{values=type, stacks=on, history=1000, virtual=count, native=auto, futures=on, log=info}",
                o.asMap().toString());
        assertTrue(o.stacks());
        assertFalse(o.showValues());
        assertEquals(1000, o.history());
        assertTrue(o.nativeEnabled());
    }

    @Test
    void parsesEveryKey() {
        List<String> problems = new ArrayList<>();
        Options o = Options.parse(" values=SHOW, stacks=off,history=5,virtual=track,native=off,futures=off,log=quiet ",
                problems);
        assertEquals(List.of(), problems);
        assertTrue(o.showValues());
        assertFalse(o.stacks());
        assertEquals(5, o.history());
        assertTrue(o.trackVirtual());
        assertFalse(o.nativeEnabled());
        assertFalse(o.futures());
        assertEquals(0, o.logLevel());
    }

    @Test
    void eachProblemIsOneLineNamingKeyValueAndWhatIsAccepted() {
        List<String> problems = new ArrayList<>();
        Options o = Options.parse("stacks=maybe,colour=blue,history=x,justtext,,history=1000001", problems);
        assertEquals(5, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("stacks='maybe'") && problems.get(0).contains("on, off")
                && problems.get(0).contains("default stacks=on"), problems.get(0));
        assertTrue(problems.get(1).contains("unknown option 'colour'") && problems.get(1).contains("'blue'"));
        assertTrue(problems.get(2).contains("history='x'") && problems.get(2).contains("integer"));
        assertTrue(problems.get(3).contains("'justtext'") && problems.get(3).contains("key=value"));
        assertTrue(problems.get(4).contains("history='1000001'"));
        assertTrue(o.stacks());
        assertEquals(1000, o.history());
    }

    @Test
    void randomGarbageNeverThrowsAndAlwaysYieldsValidOptions() {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            StringBuilder b = new StringBuilder();
            String alphabet = "=,abcdehilnorstuvy0123456789 \t\u0000\u00e9\u4e2d";
            for (int j = random.nextInt(40); j > 0; j--) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (random.nextBoolean()) {
                b.append(",stacks=on,history=7");
            }
            List<String> problems = new ArrayList<>();
            Options o = Options.parse(b.toString(), problems);
            assertEquals(7, o.asMap().size());
            assertTrue(o.history() >= 0);
            for (String p : problems) {
                assertFalse(p.contains("\n") || p.contains("\u0000"), p);
            }
        }
    }
}
