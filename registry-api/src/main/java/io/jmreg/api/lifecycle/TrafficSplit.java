package io.jmreg.api.lifecycle;

import io.jmreg.api.Versions;
import io.jmreg.api.exceptions.ValidationException;

/**
 * A version's share of an environment's traffic.
 *
 * @param version the version
 * @param percent share in percent, above 0 and at most 100
 */
public record TrafficSplit(String version, double percent) {
    /** Validates. */
    public TrafficSplit {
        Versions.requireVersion(version);
        if (!(percent > 0 && percent <= 100)) {
            throw new ValidationException("traffic percentage of %s must be within (0, 100], got %s", version, percent);
        }
    }
}
