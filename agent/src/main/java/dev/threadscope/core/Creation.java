package dev.threadscope.core;

/**
 * What Thread.start() saw: who called start(), and (with stacks=on) where.
 */
final class Creation {
    final long creatorId;
    final String creatorName;
    /** The creating thread's stack (stacks=on), else null. */
    final Throwable stack;

    Creation(long creatorId, String creatorName, Throwable stack) {
        this.creatorId = creatorId;
        this.creatorName = creatorName;
        this.stack = stack;
    }
}
