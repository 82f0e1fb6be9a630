package io.jmreg.core.sequence;

import io.jmreg.api.exceptions.CommitConflictException;
import io.jmreg.core.mem.MemoryBackend;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A writer that loses every race but catches up with the other writers each time (the audit chain under steady
 * contention) retries at once and never runs out of time; one that learns nothing pauses and gives up at the deadline.
 */
class SequenceRetryTest {
    private final Sequence sequence = new Sequence(new MemoryBackend("mem:retry"), "the test sequence", "member",
            "seq/", n -> "seq/" + n, key -> -1, new RetryPolicy(Duration.ofMillis(200)));

    @Test
    void attemptsThatCatchUpWithOtherWritersRetryAtOnceAndKeepGoingPastTheDeadline() {
        long start = System.nanoTime();
        int[] attempts = {0};
        String result = sequence.retrying(Sequence.Listener.NONE, attempt -> {
            if (++attempts[0] < 2_000) {
                attempt.progressed(); // another writer's member was read: chain onto it
                return null;
            }
            return "appended";
        });
        assertThat(result).isEqualTo("appended");
        // 2,000 pauses would take minutes (they double up to 100 ms); without pauses this is a few milliseconds
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void attemptsThatLearnNothingPauseAndGiveUpAtTheDeadline() {
        int[] attempts = {0};
        assertThatThrownBy(() -> sequence.retrying(Sequence.Listener.NONE, attempt -> {
            attempts[0]++;
            return null;
        })).isInstanceOf(CommitConflictException.class).hasMessageContaining("gave up appending to the test sequence");
        assertThat(attempts[0]).as("attempts within 200 ms of pauses").isBetween(2, 400);
    }
}
