package io.jmreg.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.semver.SemverOrder;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link ModelState#taken}, {@link ModelState#takenAs} and {@link ModelState#highestTaken}, which look numbers up by
 * precedence, answer as their definitions over every number used ({@link ModelState#allTaken}, the live versions and
 * the deleted numbers in string order) do, after random registers and deletes of numbers of equal precedence.
 */
class ModelStateTakenProperties {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Provide
    Arbitrary<String> versions() {
        Arbitrary<Integer> part = Arbitraries.integers().between(0, 3);
        return Combinators.combine(part, part, Arbitraries.of("", "-rc.1"), Arbitraries.of("", "+a", "+b", "+c"))
                .as((minor, patch, pre, build) -> "1." + minor + "." + patch + pre + build);
    }

    @Provide
    Arbitrary<List<String>> scripts() {
        // "-" before a version deletes it, otherwise it is registered
        return Combinators.combine(Arbitraries.of("", "", "-"), versions()).as(String::concat).list().ofMaxSize(40);
    }

    @Property(tries = 200)
    void lookupsByPrecedenceAnswerAsTheirDefinitions(@ForAll("scripts") List<String> script,
                                                     @ForAll("versions") String probe) {
        ModelState s = ModelState.empty("m");
        for (String step : script) {
            String version = step.startsWith("-") ? step.substring(1) : step;
            LogEntry proposal = step.startsWith("-") ? LogEntry.delete(version)
                    : LogEntry.register(ModelVersion.builder("m", version, T).build());
            s = s.apply(proposal.stamped(s.seq() + 1, "c", T, "p"));

            List<String> all = s.allTaken();
            List<String> deleted = s.toCheckpoint().retired();
            String highest = all.stream().max(SemverOrder.PRECEDENCE).orElse(null); // the first of the highest
            assertThat(s.highestTaken()).isEqualTo(highest);
            for (String v : List.of(probe, version)) {
                assertThat(s.taken(v)).isEqualTo(all.stream().anyMatch(t -> SemverOrder.PRECEDENCE.compare(t, v) == 0));
                String live = s.version(v).map(ModelVersion::version).orElse(null);
                String expected = live != null ? live
                        : deleted.stream().filter(t -> SemverOrder.PRECEDENCE.compare(t, v) == 0).findFirst().orElse(null);
                assertThat(s.takenAs(v)).isEqualTo(expected);
            }
        }
    }
}
