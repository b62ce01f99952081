package dev.threadscope.locals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Guessing the origin of a ThreadLocal made before threadscope loaded never initializes a class. */
class OriginsTest {
    static volatile boolean holderInitialized;

    /** Holds a ThreadLocal whose class it declares; not initialized until something touches it. */
    static final class Holder {
        static final ThreadLocal<String> HELD = new Local();

        static {
            holderInitialized = true;
        }

        static final class Local extends ThreadLocal<String> {
        }
    }

    @Test
    void onlyInitializedClassesAreLookedInto() {
        ThreadLocal<String> early = new Holder.Local(); // initializes Local, not Holder
        assertFalse(holderInitialized);
        Set<Class<?>> initialized = new HashSet<>();
        Origins origins = new Origins();
        origins.setInitialized(initialized::contains);

        assertEquals("", origins.of(early));
        assertFalse(holderInitialized, "looking for the origin ran Holder's static initializer");

        ThreadLocal<String> held = Holder.HELD; // the application initializes Holder itself
        assertTrue(holderInitialized);
        assertEquals("", origins.of(held), "not known to be initialized: not looked into");
        initialized.add(Holder.class);
        assertEquals(Holder.class.getName() + ".HELD", origins.of(held), "guessed again once it is");
    }
}
