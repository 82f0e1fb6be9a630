package io.jmreg.api.model;

import io.jmreg.api.exceptions.ValidationException;

/**
 * A named check on a version (SPEC 3 quality gates).
 *
 * @param name   gate name (e.g. {@code safety_evaluation})
 * @param status passed, failed, pending, ...
 * @param score  optional score
 */
public record QualityGate(String name, String status, Double score) {
    /** Requires name and status. */
    public QualityGate {
        if (name == null || name.isBlank() || status == null || status.isBlank()) {
            throw new ValidationException("quality gate needs a name and a status");
        }
    }
}
