package dev.threadscope.core;

import java.util.Map;

import dev.threadscope.locals.Origins;

/** Everything threadscope observes, as the views (JMX) need it. */
public final class AgentState {
    private final Registry registry;
    private final UncaughtLog uncaught;
    private final LostFutures lostFutures;
    private final Map<String, String> options;
    private final boolean nativeLoaded;
    private final Origins origins;

    /** @param lostFutures null with futures=off */
    public AgentState(Registry registry, UncaughtLog uncaught, LostFutures lostFutures, Origins origins,
                      Map<String, String> options, boolean nativeLoaded) {
        this.origins = origins;
        this.registry = registry;
        this.uncaught = uncaught;
        this.lostFutures = lostFutures;
        this.options = options;
        this.nativeLoaded = nativeLoaded;
    }

    public Registry registry() {
        return registry;
    }

    public UncaughtLog uncaught() {
        return uncaught;
    }

    public LostFutures lostFutures() {
        return lostFutures;
    }

    public Map<String, String> options() {
        return options;
    }

    public Origins origins() {
        return origins;
    }

    public boolean nativeLoaded() {
        return nativeLoaded;
    }
}
