package io.jmreg.api.lifecycle;

/** Changes to an existing version that a lifecycle stage may allow or forbid. */
public enum Operation {
    /** Merge metrics into the record. */
    UPDATE_METRICS,
    /** Add or remove tags. */
    UPDATE_TAGS,
    /** Point an alias at the version. */
    SET_ALIAS,
    /** Deploy the version to an environment. */
    DEPLOY,
    /** Delete the version. */
    DELETE
}
