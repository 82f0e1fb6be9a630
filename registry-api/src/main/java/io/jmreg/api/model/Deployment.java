package io.jmreg.api.model;

import io.jmreg.api.exceptions.ValidationException;
import java.time.Instant;

/**
 * Where a version is deployed (SPEC 3 deployments).
 *
 * @param environment    environment name (development, staging, production, ...)
 * @param deployedAt     when
 * @param endpoint       serving endpoint
 * @param replicas       replica count
 * @param trafficPercent share of the environment's traffic, 0..100
 * @param status         status text (active, draining, ...)
 */
public record Deployment(String environment, Instant deployedAt, String endpoint, Integer replicas,
                         Double trafficPercent, String status) {
    /** Validates the environment and the traffic share. */
    public Deployment {
        if (environment == null || environment.isBlank()) {
            throw new ValidationException("deployment environment must not be empty");
        }
        if (trafficPercent != null && (trafficPercent < 0 || trafficPercent > 100)) {
            throw new ValidationException("traffic percentage must be within 0..100: " + trafficPercent);
        }
    }
}
