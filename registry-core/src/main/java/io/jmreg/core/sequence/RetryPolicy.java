package io.jmreg.core.sequence;

import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.CommitConflictException;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a writer keeps trying to append to a {@link Sequence} after losing races or meeting unknown outcomes, and
 * how it pauses between attempts (jittered, doubling up to 100 ms). One policy for every numbered sequence of a
 * store, from {@link RegistryOptions#commitTimeout()}.
 *
 * @param deadline how long attempts go on before the writer gives up
 */
public record RetryPolicy(Duration deadline) {
    public RetryPolicy {
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("a retry deadline must be positive: " + deadline);
        }
    }

    /** The policy of a registry opened with {@code options}. */
    public static RetryPolicy from(RegistryOptions options) {
        return new RetryPolicy(options.commitTimeout());
    }

    /** Sleeps before attempt {@code attempt + 1}; an interrupt ends the attempts with a {@link CommitConflictException}. */
    public void pause(int attempt, String what) {
        long capMicros = Math.min(100_000L, 1_000L << Math.min(attempt, 10));
        long sleepMicros = ThreadLocalRandom.current().nextLong(capMicros / 4, capMicros + 1);
        try {
            Thread.sleep(sleepMicros / 1000, (int) (sleepMicros % 1000) * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommitConflictException(e, "interrupted while retrying %s", what);
        }
    }

    /** The {@link System#nanoTime()} after which attempts started now stop. */
    public long deadlineFromNow() {
        return System.nanoTime() + deadline.toNanos();
    }
}
