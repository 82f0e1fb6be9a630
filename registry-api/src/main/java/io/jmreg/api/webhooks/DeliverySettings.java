package io.jmreg.api.webhooks;

import io.jmreg.api.exceptions.ValidationException;

import java.time.Duration;

/**
 * How a process delivers.
 *
 * @param pollInterval   how often the model logs are checked for new events
 * @param maxAttempts    attempts before a delivery is marked failed
 * @param initialBackoff wait after the first failed attempt, doubled after each further one
 * @param maxBackoff     the longest wait between attempts
 * @param requestTimeout how long one attempt may take
 */
public record DeliverySettings(Duration pollInterval, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                               Duration requestTimeout) {
    /** Validates. */
    public DeliverySettings {
        if (pollInterval == null || initialBackoff == null || maxBackoff == null || requestTimeout == null
                || pollInterval.isNegative() || pollInterval.isZero() || initialBackoff.isNegative()
                || maxBackoff.compareTo(initialBackoff) < 0 || requestTimeout.isNegative() || requestTimeout.isZero()
                || maxAttempts < 1 || maxAttempts > 100) {
            throw new ValidationException("delivery settings need positive durations, maxBackoff >= initialBackoff "
                    + "and 1..100 attempts");
        }
    }

    /** 250 ms polls, 8 attempts, 1 s doubling up to 5 min (about 8.5 min in all), 10 s per attempt. */
    public static DeliverySettings defaults() {
        return new DeliverySettings(Duration.ofMillis(250), 8, Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofSeconds(10));
    }
}
