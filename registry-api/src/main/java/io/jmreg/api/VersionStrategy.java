package io.jmreg.api;

/** How a version string is chosen when a registration gives none explicitly (SPEC 2). */
public enum VersionStrategy {
    /** Bump MAJOR, MINOR or PATCH of the highest existing version. */
    SEMANTIC,
    /** {@code yyyyMMdd.HHmmss.millis} of the commit time (UTC), e.g. {@code 20261122.204312.17}. */
    TIMESTAMP,
    /** {@code 0.0.0-sha-<first 16 hex of the manifest digest>}: the same content gets the same version. */
    HASH
}
