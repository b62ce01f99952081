package dev.threadscope.agent;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What the running JDK does with an uncaught exception when no default handler is set. JDK 17's
 * ThreadGroup.uncaughtException skips ThreadDeath; later ones print it. Rather than guess the
 * version where that changed, look at ThreadGroup itself: does it name ThreadDeath at all?
 * Decided once, on the first uncaught exception that needs it.
 */
final class JdkBehaviour {
    private static volatile Boolean ignoresThreadDeath;

    private JdkBehaviour() {
    }

    static boolean ignoresThreadDeath() {
        Boolean b = ignoresThreadDeath;
        if (b == null) {
            b = threadGroupMentionsThreadDeath();
            ignoresThreadDeath = b;
        }
        return b;
    }

    /** By name: ThreadDeath is deprecated for removal, and naming the class could fail to link one day. */
    static boolean isThreadDeath(Throwable e) {
        for (Class<?> c = e.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals("java.lang.ThreadDeath")) {
                return true;
            }
        }
        return false;
    }

    private static boolean threadGroupMentionsThreadDeath() {
        try (InputStream in = ClassLoader.getSystemResourceAsStream("java/lang/ThreadGroup.class")) {
            if (in == null) {
                return false;
            }
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return text.contains("java/lang/ThreadDeath");
        } catch (Exception e) {
            return false;
        }
    }
}
