package io.jmreg.core.properties;

import io.jmreg.api.Bump;
import io.jmreg.api.ModelReference;
import io.jmreg.api.VersionStrategy;
import io.jmreg.api.Versions;
import io.jmreg.core.semver.SemverOrder;
import io.jmreg.core.semver.VersionAllocator;
import io.jmreg.core.semver.VersionSelector;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Version allocation never reuses a number and carries no build metadata; selection picks the highest match. */
class VersionProperties {

    @Provide
    Arbitrary<Set<String>> taken() {
        Arbitrary<Integer> n = Arbitraries.integers().between(0, 30);
        Arbitrary<String> version = Combinators.combine(n, n, n, Arbitraries.of("", "", "-rc.1", "+build.3"))
                .as((a, b, c, s) -> a + "." + b + "." + c + s);
        return version.set().ofMaxSize(12);
    }

    @Property
    void aBumpIsValidNewHigherThanEverythingAndWithoutBuildMetadata(@ForAll("taken") Set<String> taken, @ForAll Bump bump) {
        String next = VersionAllocator.next(VersionStrategy.SEMANTIC, bump, taken, Instant.now(), "ab".repeat(32));
        assertThat(Versions.isValid(next)).isTrue();
        assertThat(next).doesNotContain("+");
        for (String t : taken) {
            assertThat(SemverOrder.PRECEDENCE.compare(next, t)).as("%s vs taken %s", next, t).isPositive();
        }
    }

    @Property
    void timestampsNeverGoBackwards(@ForAll("taken") Set<String> taken) {
        String next = VersionAllocator.next(VersionStrategy.TIMESTAMP, Bump.PATCH, taken, Instant.parse("2020-01-01T00:00:00Z"),
                "ab".repeat(32));
        taken.forEach(t -> assertThat(SemverOrder.PRECEDENCE.compare(next, t)).isPositive());
    }

    @Property
    void latestIsTheHighestReleaseAndExactFindsEqualPrecedence(@ForAll("taken") Set<String> taken) {
        List<String> ascending = ascending(taken);
        Optional<String> latest = VersionSelector.select(ModelReference.parse("m"), ascending);
        Optional<String> expected = ascending.stream().filter(v -> !SemverOrder.isPreRelease(v)).reduce((a, b) -> b);
        assertThat(latest).isEqualTo(expected);
        for (String v : ascending) {
            String withoutBuild = v.contains("+") ? v.substring(0, v.indexOf('+')) : v;
            assertThat(VersionSelector.select(ModelReference.parse("m:" + withoutBuild), ascending)).contains(v);
        }
    }

    @Property
    void aRangeSelectsTheHighestSatisfyingVersion(@ForAll("taken") Set<String> taken, @ForAll("ranges") String range) {
        List<String> ascending = ascending(taken);
        ModelReference ref = ModelReference.parse("m:" + range);
        var ranges = VersionSelector.parseRange(ref);
        Optional<String> expected = ascending.stream().filter(v -> ranges.isSatisfiedBy(SemverOrder.parse(v)))
                .reduce((a, b) -> b);
        assertThat(VersionSelector.select(ref, ascending)).isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> ranges() {
        return Arbitraries.of("^1.2", "~2.3.0", ">=3.0.0 <10.0.0", "1.x", "0.1.2 - 5.0.0", ">=0.0.1", "<1.0.0");
    }

    /** {@code taken} in ascending precedence, one of each precedence. */
    private static List<String> ascending(Set<String> taken) {
        TreeSet<String> sorted = new TreeSet<>(SemverOrder.PRECEDENCE);
        sorted.addAll(taken);
        return List.copyOf(sorted);
    }
}
