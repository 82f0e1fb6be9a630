package io.jmreg.core.log;

/**
 * Told of a commit before it is attempted, so that derived indexes can find changed models without reading every
 * log. An announcement must be durable before it returns; one that fails fails the commit (nothing is written). An
 * announcement may also cover the same process's next commits of the model for a while (then they make none).
 */
public interface CommitAnnouncer {
    /** Announces nothing. */
    CommitAnnouncer NONE = new CommitAnnouncer() {
        @Override
        public void announce(String model, long seq) {
        }

        @Override
        public long reannounceNanos() {
            return Long.MAX_VALUE;
        }
    };

    /** Entry {@code seq} of {@code model} is about to be attempted. */
    void announce(String model, long seq);

    /** A commit still retrying after this long announces itself again (its first announcement may have expired). */
    long reannounceNanos();

    /**
     * Whether an announcement this process made lately covers the next commit of {@code model}, so that it needs
     * none of its own; false by default.
     */
    default boolean covers(String model) {
        return false;
    }

    /** Told after entry {@code seq} of {@code model} was committed under a cover (see {@link #covers(String)}). */
    default void committedUnderCover(String model, long seq) {
    }
}
