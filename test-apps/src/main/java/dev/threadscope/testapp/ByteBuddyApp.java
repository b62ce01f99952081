package dev.threadscope.testapp;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * An application that brings its own Byte Buddy (and so its own ASM), as Mockito users do:
 * threadscope must not clash with it. Prints what a generated class returns.
 */
public final class ByteBuddyApp {
    private ByteBuddyApp() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> generated = new ByteBuddy().subclass(Object.class)
                .method(ElementMatchers.named("toString")).intercept(FixedValue.value("made by byte buddy"))
                .make().load(ByteBuddyApp.class.getClassLoader()).getLoaded();
        System.out.println(generated.getDeclaredConstructor().newInstance());
        Thread t = new Thread(() -> System.out.println("thread ran"), "bb-thread");
        t.start();
        t.join();
    }
}
