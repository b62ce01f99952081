package dev.threadscope.testapp;

/**
 * A system class loader ({@code -Djava.system.class.loader}) as some applications have: it
 * delegates everything, and has no {@code appendToClassPathForInstrumentation} method, so the
 * JVM cannot add an agent jar to it.
 */
public class PlainSystemLoader extends ClassLoader {
    public PlainSystemLoader(ClassLoader parent) {
        super(parent);
    }
}
