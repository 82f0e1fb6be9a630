package io.jmreg.core.semver;

import io.jmreg.api.Bump;
import io.jmreg.api.VersionStrategy;
import io.jmreg.api.Versions;
import io.jmreg.api.exceptions.ValidationException;
import org.semver4j.Semver;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;

/** Chooses the version of a registration that gives none explicitly (SPEC 2 strategies). */
public final class VersionAllocator {
    private VersionAllocator() {
    }

    /**
     * The next version.
     *
     * @param taken          every version ever used by the model (live and deleted), or only the highest of them
     *                       (the first of the highest when several have its precedence): only that one counts
     * @param manifestDigest content digest, for {@link VersionStrategy#HASH}
     */
    public static String next(VersionStrategy strategy, Bump bump, Collection<String> taken, Instant now,
                              String manifestDigest) {
        return switch (strategy) {
            case SEMANTIC -> bump(bump, taken);
            case TIMESTAMP -> timestamp(now, taken);
            case HASH -> "0.0.0-sha-" + manifestDigest.substring(0, 16);
        };
    }

    private static String bump(Bump bump, Collection<String> taken) {
        Semver highest = taken.stream().map(SemverOrder::parse).max(Semver::compareTo).orElse(null);
        if (highest == null) {
            return switch (bump) {
                case MAJOR -> "1.0.0";
                case MINOR -> "0.1.0";
                case PATCH -> "0.0.1";
            };
        }
        Semver next;
        try {
            next = switch (bump) {
                case MAJOR -> highest.nextMajor();
                case MINOR -> highest.nextMinor();
                case PATCH -> highest.nextPatch();
            };
        } catch (RuntimeException overflow) { // semver4j's int wraps to a negative number, which it then refuses
            throw new ValidationException("cannot bump %s past version %s: MAJOR, MINOR and PATCH go up to %d; give "
                    + "the version explicitly", bump, highest.getVersion(), Versions.MAX_COMPONENT);
        }
        return withoutBuild(next.getVersion()); // build metadata describes one build, never the next version
    }

    private static String withoutBuild(String version) {
        int plus = version.indexOf('+');
        return plus < 0 ? version : version.substring(0, plus);
    }

    private static String timestamp(Instant now, Collection<String> taken) {
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        int date = t.getYear() * 10_000 + t.getMonthValue() * 100 + t.getDayOfMonth();
        int time = t.getHour() * 10_000 + t.getMinute() * 100 + t.getSecond();
        int millis = t.getNano() / 1_000_000;
        String candidate = date + "." + time + "." + millis;
        Semver c = SemverOrder.parse(candidate);
        Semver highest = taken.stream().map(SemverOrder::parse).max(Semver::compareTo).orElse(null);
        if (highest != null && c.compareTo(highest) <= 0) {
            try {
                candidate = withoutBuild(highest.nextPatch().getVersion()); // clock went backwards or same millisecond
            } catch (RuntimeException overflow) {
                throw new ValidationException("cannot allocate a timestamp version after %s: its PATCH is at the largest "
                        + "number, %d", highest.getVersion(), Versions.MAX_COMPONENT);
            }
        }
        return candidate;
    }
}
