package dev.threadscope.agent;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.threadscope.core.LostFutures;
import dev.threadscope.core.UncaughtLog;

/** The bridge's exception sinks: plain classes, not lambdas (start-up). */
final class ExceptionHooks {
    private ExceptionHooks() {
    }

    /** Thread.dispatchUncaughtException: every uncaught exception, whatever the handlers. */
    static final class Uncaught implements BiConsumer<Thread, Throwable> {
        private final UncaughtLog log;

        Uncaught(UncaughtLog log) {
            this.log = log;
        }

        @Override
        public void accept(Thread thread, Throwable error) {
            log.record(thread, error);
        }
    }

    static final class FutureFailed implements BiConsumer<Object, Throwable> {
        private final LostFutures futures;

        FutureFailed(LostFutures futures) {
            this.futures = futures;
        }

        @Override
        public void accept(Object task, Throwable error) {
            futures.failed(task, error);
        }
    }

    static final class FutureRetrieved implements Consumer<Object> {
        private final LostFutures futures;

        FutureRetrieved(LostFutures futures) {
            this.futures = futures;
        }

        @Override
        public void accept(Object task) {
            futures.retrieved(task);
        }
    }

    /** Thread ends are a cheap moment to notice futures collected unread. */
    static final class PollLost implements Runnable {
        private final LostFutures futures;

        PollLost(LostFutures futures) {
            this.futures = futures;
        }

        @Override
        public void run() {
            futures.poll();
        }
    }
}
