package dev.threadscope.core;

import java.util.function.Consumer;

/**
 * Loaded by a class loader of its own in SharedStacksTest: runs what it is given with its own
 * frame on the stack, as code of an application that is later undeployed would.
 */
public final class LoaderStarter implements Consumer<Runnable> {
    @Override
    public void accept(Runnable start) {
        start.run();
    }
}
