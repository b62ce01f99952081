package dev.threadscope.core;

/**
 * What Thread.start() saw: who called start(), and (with stacks=on) where.
 */
final class Creation {
    final long creatorId;
    final String creatorName;
    /** The interned native stack's id, or -1. */
    final int stackId;
    /** The stack as a Throwable when it could not be captured natively, else null. */
    final Throwable stack;

    Creation(long creatorId, String creatorName, int stackId, Throwable stack) {
        this.creatorId = creatorId;
        this.creatorName = creatorName;
        this.stackId = stackId;
        this.stack = stack;
    }
}
