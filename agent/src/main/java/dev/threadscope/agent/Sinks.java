package dev.threadscope.agent;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;
import java.util.function.ObjLongConsumer;
import java.util.function.Predicate;

import dev.threadscope.core.LostFutures;
import dev.threadscope.core.Registry;
import dev.threadscope.core.UncaughtLog;

/**
 * Every sink the bridge calls, in one class: each class loaded at premain costs start-up
 * time, and lambdas cost more. The bridge's sinks are typed with JDK interfaces only
 * (erased here), so one class with an operation code serves them all.
 */
final class Sinks implements Consumer<Object>, BiConsumer<Object, Object>, Runnable, Predicate<Thread>,
        ObjIntConsumer<Thread>, ObjLongConsumer<Object> {
    static final int STARTING = 0;
    static final int START_FAILED = 1;
    static final int STARTED = 9;
    static final int UNCAUGHT = 2;
    static final int FUTURE_FAILED = 3;
    static final int FUTURE_RETRIEVED = 4;
    static final int POLL_LOST = 5;
    static final int VIRTUAL_STARTING = 6;
    static final int VIRTUAL_ENDED = 7;
    static final int EXITING = 8;
    static final int ATTACHED = 10;

    private final int op;
    private final Registry registry;
    private final UncaughtLog uncaught;
    private final LostFutures futures;

    Sinks(int op, Registry registry, UncaughtLog uncaught, LostFutures futures) {
        this.op = op;
        this.registry = registry;
        this.uncaught = uncaught;
        this.futures = futures;
    }

    /** Thread.start() is about to call start0(): true if the thread is announced. */
    @Override
    public boolean test(Thread thread) {
        return op == STARTING && registry.prepareStart(thread);
    }

    /** start0() threw (START_FAILED); {@code announced} 1 or 0. */
    @Override
    public void accept(Thread thread, int announced) {
        if (op == START_FAILED) {
            registry.threadStartFailed(thread, announced != 0);
        }
    }

    /**
     * start0() returned (STARTED: bit 0 announced, the rest the kernel id, signed); a thread is
     * attaching from native code (ATTACHED: its kernel id). Typed {@code Object} so that no
     * synthetic bridge method stands between the bridge and this frame: the creation stack is
     * taken here, and every frame above {@code Thread.start()} costs its filling in.
     */
    @Override
    public void accept(Object thread, long value) {
        if (op == STARTED) {
            Throwable stack = null;
            if (registry.stacks()) {
                try {
                    stack = new Throwable();
                } catch (VirtualMachineError noRoom) {
                    // recorded without its stack: the table's STARTING mark must still be replaced
                }
            }
            registry.threadStarting((Thread) thread, (value & 1) != 0, value >> 1, stack);
        } else if (op == ATTACHED) {
            registry.attached((Thread) thread, value);
        }
    }

    /** Thread.exit(); a FutureTask's outcome was retrieved; a virtual thread started or ended. */
    @Override
    public void accept(Object o) {
        switch (op) {
            case EXITING:
                registry.threadExiting((Thread) o);
                break;
            case FUTURE_RETRIEVED:
                futures.retrieved(o);
                break;
            case VIRTUAL_STARTING:
                registry.virtualStarting((Thread) o);
                break;
            case VIRTUAL_ENDED:
                registry.virtualEnded((Thread) o);
                break;
            default:
                break;
        }
    }

    /** An uncaught exception (thread, throwable); a FutureTask captured one (task, throwable). */
    @Override
    public void accept(Object a, Object b) {
        if (op == UNCAUGHT) {
            uncaught.record((Thread) a, (Throwable) b);
        } else if (op == FUTURE_FAILED) {
            futures.failed(a, (Throwable) b);
        }
    }

    /** After a thread ends: a cheap moment to notice futures collected unread. */
    @Override
    public void run() {
        if (op == POLL_LOST) {
            futures.poll();
        }
    }
}
