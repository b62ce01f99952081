package dev.threadscope.nativelib;

import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;
import java.util.function.ToLongFunction;

import dev.threadscope.core.Log;
import dev.threadscope.core.ThreadEvents;
import dev.threadscope.instrument.Bridge;

/** The JVMTI library's side of {@link ThreadEvents}: plain interface calls to the bridge's natives. */
final class JvmtiEvents implements ThreadEvents {
    private final LongPredicate announce;
    private final LongConsumer withdraw;
    private final ToLongFunction<Thread> storedOsThreadId;
    private final LongUnaryOperator endOsThreadId;
    private final Bridge bridge;
    private final boolean kernelIds;
    private volatile boolean startEvents;

    JvmtiEvents(Bridge bridge, boolean startEvents, boolean kernelIds) {
        this.bridge = bridge;
        this.startEvents = startEvents;
        this.kernelIds = kernelIds;
        this.announce = bridge.announcer();
        this.withdraw = bridge.withdrawer();
        this.storedOsThreadId = bridge.storedOsThreadIds();
        this.endOsThreadId = bridge.endOsThreadIds();
    }

    @Override
    public boolean startEvents() {
        return startEvents;
    }

    @Override
    public synchronized void enableStartEvents() {
        if (startEvents) {
            return;
        }
        String error = bridge.enableStartEvents();
        if (error == null) {
            startEvents = true;
            Log.debug("thread start events on: someone listens for starts");
        } else {
            Log.debug("thread start events stay off: " + error);
        }
    }

    @Override
    public long kernelIdLocked(Thread thread) {
        return kernelIds ? bridge.kernelIdLocked(thread) : -1;
    }

    @Override
    public boolean announce(long id) {
        return announce.test(id);
    }

    @Override
    public void withdraw(long id) {
        withdraw.accept(id);
    }

    @Override
    public long storedOsThreadId(Thread thread) {
        return storedOsThreadId.applyAsLong(thread);
    }

    @Override
    public long endOsThreadId(long id) {
        return endOsThreadId.applyAsLong(id);
    }
}
