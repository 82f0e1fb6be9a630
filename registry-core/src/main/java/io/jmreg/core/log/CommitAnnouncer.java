package io.jmreg.core.log;

/**
 * Told of a commit before it is attempted, so that derived indexes can find changed models without reading every
 * log. An announcement must be durable before it returns; one that fails fails the commit (nothing is written).
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
}
