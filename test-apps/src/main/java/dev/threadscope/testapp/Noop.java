package dev.threadscope.testapp;

/** Prints "ok" and exits 0: the smallest application, for tests that start many JVMs. */
public final class Noop {
    private Noop() {
    }

    public static void main(String[] args) {
        System.out.println("ok");
    }
}
