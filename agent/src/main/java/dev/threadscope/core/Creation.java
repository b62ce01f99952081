package dev.threadscope.core;

/**
 * What Thread.start() saw, kept until the new thread's own start event turns it into a
 * {@link ThreadRecord}: who called start(), and (with stacks=on) where.
 */
final class Creation {
    final Thread thread;
    final long creatorId;
    final String creatorName;
    final Throwable stack;

    Creation(Thread thread, long creatorId, String creatorName, Throwable stack) {
        this.thread = thread;
        this.creatorId = creatorId;
        this.creatorName = creatorName;
        this.stack = stack;
    }
}
