package io.jmreg.core.gc;

import io.jmreg.api.exceptions.ValidationException;

import java.time.Duration;
import java.util.Map;

/**
 * Time limits of the collection protocol; none of them bounds how long a registration may take.
 *
 * @param lease     a collection's marker not refreshed for this long belongs to a dead collector; live collectors
 *                  refresh it every {@code lease / 6} and stop deleting once they could not for {@code lease / 2}
 * @param pinExpiry a writer's pin not refreshed for this long belongs to a dead writer; live writers refresh it
 *                  every {@code pinExpiry / 6}
 */
public record GcTimings(Duration lease, Duration pinExpiry) {
    /** Property (in {@code RegistryOptions}) that sets {@link #lease()} in seconds. */
    public static final String LEASE_PROPERTY = "gc.lease-seconds";
    /** Property that sets {@link #pinExpiry()} in seconds. */
    public static final String PIN_EXPIRY_PROPERTY = "gc.pin-expiry-seconds";

    /** Validates. */
    public GcTimings {
        if (lease.compareTo(Duration.ofSeconds(3)) < 0 || pinExpiry.compareTo(Duration.ofSeconds(6)) < 0) {
            throw new ValidationException("gc lease must be at least 3 s and pin expiry at least 6 s (got %s, %s)",
                    lease, pinExpiry);
        }
    }

    /** Timings from registry properties, with defaults of 60 s (lease) and 1 h (pin expiry). */
    public static GcTimings from(Map<String, String> properties) {
        return new GcTimings(seconds(properties, LEASE_PROPERTY, 60), seconds(properties, PIN_EXPIRY_PROPERTY, 3600));
    }

    private static Duration seconds(Map<String, String> properties, String key, long fallback) {
        String value = properties.get(key);
        if (value == null) {
            return Duration.ofSeconds(fallback);
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            throw new ValidationException("registry property %s must be a whole number of seconds, got '%s'", key, value);
        }
    }

    /** How often a collector refreshes its marker. */
    Duration heartbeat() {
        return lease.dividedBy(6);
    }
}
