package dev.threadscope.core;

/**
 * No JVMTI library: no start events will come, so every announced thread is confirmed at
 * Thread.start(); kernel ids are unknown. Threads not started by Thread.start() are found by
 * the {@link FallbackScanner}.
 */
public final class PureJavaEvents implements ThreadEvents {
    @Override
    public boolean startEvents() {
        return false;
    }

    @Override
    public void enableStartEvents() {
        // there are none
    }

    @Override
    public long kernelIdLocked(Thread thread) {
        return -1;
    }

    @Override
    public boolean announce(long id) {
        return true;
    }

    @Override
    public void withdraw(long id) {
        // nothing was registered anywhere
    }

    @Override
    public long storedOsThreadId(Thread thread) {
        return -1;
    }

    @Override
    public long endOsThreadId(long id) {
        return -1;
    }
}
