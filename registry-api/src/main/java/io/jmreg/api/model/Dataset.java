package io.jmreg.api.model;

import io.jmreg.api.exceptions.ValidationException;

/**
 * A dataset that fed training.
 *
 * @param name    dataset name (required)
 * @param version dataset version
 * @param size    number of examples or bytes, as the team counts it
 * @param digest  content digest of the dataset
 */
public record Dataset(String name, String version, Long size, String digest) {
    /** Requires a name. */
    public Dataset {
        if (name == null || name.isBlank()) {
            throw new ValidationException("dataset name must not be empty");
        }
    }

    /** A dataset by name and version. */
    public static Dataset of(String name, String version) {
        return new Dataset(name, version, null, null);
    }
}
