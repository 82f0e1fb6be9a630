package io.jmreg.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * How a {@link ModelState} answers for version numbers of equal precedence (differing in build metadata), live and
 * deleted, and that a checkpoint keeps those answers and lists deleted numbers in string order.
 */
class ModelStateVersionNumbersTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void equalPrecedenceNumbersAreOneNumberLiveAndDeleted() {
        ModelState s = ModelState.empty("m");
        s = apply(s, LogEntry.register(ModelVersion.builder("m", "2.0.0+z", T).build()));
        s = apply(s, LogEntry.register(ModelVersion.builder("m", "1.0.0+b", T).build()));
        s = apply(s, LogEntry.register(ModelVersion.builder("m", "3.0.0", T).build()));
        s = apply(s, LogEntry.delete("1.0.0"));
        s = apply(s, LogEntry.register(ModelVersion.builder("m", "1.0.0+a", T).build()));
        s = apply(s, LogEntry.delete("1.0.0+a"));
        // a register of an equal-precedence number keeps the stored number and replaces the record
        s = apply(s, LogEntry.register(ModelVersion.builder("m", "2.0.0+y", T).description("second").build()));

        assertThat(s.versionsAscending()).containsExactly("2.0.0+z", "3.0.0");
        assertThat(s.allTaken()).containsExactly("2.0.0+z", "3.0.0", "1.0.0", "1.0.0+a");
        assertAnswers(s);
        ModelState restored = ModelState.of(Json.read(Json.write(s.toCheckpoint()), Checkpoint.class, "checkpoint"));
        assertAnswers(restored);
        assertThat(restored.toCheckpoint()).isEqualTo(s.toCheckpoint());
    }

    private static void assertAnswers(ModelState s) {
        assertThat(s.versions()).extracting(ModelVersion::version).containsExactly("2.0.0+y", "3.0.0");
        assertThat(s.version("2.0.0").orElseThrow().description()).isEqualTo("second");
        assertThat(s.anyVersion().version()).isEqualTo("2.0.0+y");
        assertThat(s.taken("1.0.0+c")).isTrue();
        assertThat(s.taken("2.0.0")).isTrue();
        assertThat(s.taken("4.0.0")).isFalse();
        assertThat(s.takenAs("1.0.0+zz")).isEqualTo("1.0.0"); // deleted numbers: the first in string order
        assertThat(s.takenAs("2.0.0")).isEqualTo("2.0.0+y"); // live: the record's own number
        assertThat(s.takenAs("1.1.0")).isNull();
        assertThat(s.toCheckpoint().retired()).containsExactly("1.0.0", "1.0.0+a");
    }

    private static ModelState apply(ModelState s, LogEntry proposal) {
        return s.apply(proposal.stamped(s.seq() + 1, "c" + s.seq(), T.plusSeconds(s.seq()), "p"));
    }
}
