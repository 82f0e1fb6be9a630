package io.jmreg.api;

/** How a version string is chosen when a registration gives none explicitly (SPEC 2). */
public enum VersionStrategy {
    /** Bump MAJOR, MINOR or PATCH of the highest existing version. */
    SEMANTIC,
    /**
     * The commit time (UTC) as {@code yyyyMMdd.Hmmss.S}: date, then hour-minute-second and milliseconds as numbers
     * without leading zeros (Semantic Versioning forbids them), e.g. {@code 20261122.204312.17} for 20:43:12.017 and
     * {@code 20261122.10203.5} for 01:02:03.005; when that is not above the model's highest version (a clock that went
     * back, the same millisecond), the highest version's next PATCH.
     */
    TIMESTAMP,
    /** {@code 0.0.0-sha-<first 16 hex of the manifest digest>}: the same content gets the same version. */
    HASH
}
