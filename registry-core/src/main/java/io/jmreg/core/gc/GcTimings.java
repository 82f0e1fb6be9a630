package io.jmreg.core.gc;

import io.jmreg.api.exceptions.ValidationException;

import java.time.Duration;
import java.util.Map;

/**
 * Time limits of the collection protocol; none of them bounds how long a registration may take.
 *
 * @param lease       a collection's marker not refreshed for this long belongs to a dead collector; live collectors
 *                    refresh it every {@code lease / 6} and never delete again once a refresh came more than
 *                    {@code lease / 2} after the previous one
 * @param pinExpiry   a writer's pin not refreshed for this long belongs to a dead writer; live writers refresh it
 *                    every {@code pinExpiry / 6}
 * @param deleteBatch most blobs deleted after one liveness check (1 to 1000)
 */
public record GcTimings(Duration lease, Duration pinExpiry, int deleteBatch) {
    /** Property (in {@code RegistryOptions}) that sets {@link #lease()} in seconds. */
    public static final String LEASE_PROPERTY = "gc.lease-seconds";
    /** Property that sets {@link #pinExpiry()} in seconds. */
    public static final String PIN_EXPIRY_PROPERTY = "gc.pin-expiry-seconds";
    /** Property that sets {@link #deleteBatch()}. */
    public static final String DELETE_BATCH_PROPERTY = "gc.delete-batch";

    /** Validates. */
    public GcTimings {
        if (lease.compareTo(Duration.ofSeconds(3)) < 0 || pinExpiry.compareTo(Duration.ofSeconds(6)) < 0) {
            throw new ValidationException("gc lease must be at least 3 s and pin expiry at least 6 s (got %s, %s)",
                    lease, pinExpiry);
        }
        if (deleteBatch < 1 || deleteBatch > 1000) {
            throw new ValidationException("registry property %s must be between 1 and 1000, got %d",
                    DELETE_BATCH_PROPERTY, deleteBatch);
        }
    }

    /** Timings from registry properties, with defaults of 60 s (lease), 1 h (pin expiry) and 100 (delete batch). */
    public static GcTimings from(Map<String, String> properties) {
        return new GcTimings(Duration.ofSeconds(number(properties, LEASE_PROPERTY, 60)),
                Duration.ofSeconds(number(properties, PIN_EXPIRY_PROPERTY, 3600)),
                (int) Math.min(Integer.MAX_VALUE, Math.max(Integer.MIN_VALUE,
                        number(properties, DELETE_BATCH_PROPERTY, 100))));
    }

    private static long number(Map<String, String> properties, String key, long fallback) {
        String value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new ValidationException("registry property %s must be a whole number, got '%s'", key, value);
        }
    }

    /** How often a collector refreshes its marker. */
    Duration heartbeat() {
        return lease.dividedBy(6);
    }
}
