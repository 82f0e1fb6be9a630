package io.jmreg.core.semver;

import io.jmreg.api.ModelReference;
import io.jmreg.api.exceptions.InvalidReferenceException;
import org.semver4j.RangesList;
import org.semver4j.RangesListFactory;
import org.semver4j.Semver;

import java.util.List;
import java.util.Optional;

/** Picks the version a LATEST, EXACT or RANGE reference selects from a model's versions (highest match wins). */
public final class VersionSelector {
    private VersionSelector() {
    }

    /**
     * Selects from {@code versions}, sorted lowest first.
     *
     * @throws InvalidReferenceException for a malformed range
     */
    public static Optional<String> select(ModelReference ref, List<String> versionsAscending) {
        switch (ref.kind()) {
            case LATEST:
                for (int i = versionsAscending.size() - 1; i >= 0; i--) {
                    if (!SemverOrder.isPreRelease(versionsAscending.get(i))) {
                        return Optional.of(versionsAscending.get(i));
                    }
                }
                return Optional.empty();
            case EXACT:
                Semver wanted = SemverOrder.parse(ref.value());
                return versionsAscending.stream().filter(v -> SemverOrder.parse(v).compareTo(wanted) == 0).findFirst();
            case RANGE:
                RangesList ranges = parseRange(ref);
                for (int i = versionsAscending.size() - 1; i >= 0; i--) {
                    if (ranges.isSatisfiedBy(SemverOrder.parse(versionsAscending.get(i)))) {
                        return Optional.of(versionsAscending.get(i));
                    }
                }
                return Optional.empty();
            default:
                throw new IllegalArgumentException("not a version selector: " + ref);
        }
    }

    /** Parses a range, rejecting what semver4j cannot read. */
    public static RangesList parseRange(ModelReference ref) {
        RangesList ranges;
        try {
            ranges = RangesListFactory.create(ref.value());
        } catch (RuntimeException e) {
            throw new InvalidReferenceException(e, "malformed version range '%s' in '%s': %s", ref.value(), ref, e.getMessage());
        }
        if (ranges.get().isEmpty()) {
            throw new InvalidReferenceException(
                    "malformed version range '%s' in '%s'; expected e.g. ^1.2, ~1.2.3, >=2.0.0 <3.0.0, 1.x, 1.2.3 - 2.0.0",
                    ref.value(), ref);
        }
        return ranges;
    }
}
