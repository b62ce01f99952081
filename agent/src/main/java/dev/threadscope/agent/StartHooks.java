package dev.threadscope.agent;

import java.util.function.Consumer;

import dev.threadscope.core.Registry;

/** The bridge's Thread.start() sinks. */
final class StartHooks {
    private StartHooks() {
    }

    static final class Starting implements Consumer<Thread> {
        private final Registry registry;

        Starting(Registry registry) {
            this.registry = registry;
        }

        @Override
        public void accept(Thread thread) {
            registry.threadStarting(thread);
        }
    }

    static final class Failed implements Consumer<Thread> {
        private final Registry registry;

        Failed(Registry registry) {
            this.registry = registry;
        }

        @Override
        public void accept(Thread thread) {
            registry.threadStartFailed(thread);
        }
    }
}
