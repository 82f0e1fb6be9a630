package io.jmreg.api.audit;

import io.jmreg.api.exceptions.ValidationException;

import java.security.KeyPair;
import java.time.Duration;

/**
 * How this process keeps the audit trail.
 *
 * @param signingKey          Ed25519 key pair signing checkpoints (kept outside the store), or null: no checkpoints
 * @param checkpointEvery     a checkpoint when the trail passes a multiple of this many entries (default 1000)
 * @param checkpointInterval  a checkpoint when this process's last one is older than this (default 1 hour)
 * @param downloadsBestEffort when true, a download whose audit entry cannot be written (read-only credentials)
 *                            proceeds with a warning; by default it fails
 */
public record AuditOptions(KeyPair signingKey, int checkpointEvery, Duration checkpointInterval,
                           boolean downloadsBestEffort) {
    /** Fills defaults and validates. */
    public AuditOptions {
        checkpointEvery = checkpointEvery == 0 ? 1000 : checkpointEvery;
        checkpointInterval = checkpointInterval == null ? Duration.ofHours(1) : checkpointInterval;
        if (checkpointEvery < 1 || checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new ValidationException("audit checkpoints need a positive entry count and interval");
        }
        if (signingKey != null && !"EdDSA".equals(signingKey.getPrivate().getAlgorithm())
                && !"Ed25519".equals(signingKey.getPrivate().getAlgorithm())) {
            throw new ValidationException("audit signing key must be Ed25519, got %s", signingKey.getPrivate().getAlgorithm());
        }
    }

    /** No signing key, default thresholds, downloads fail when they cannot be audited. */
    public static AuditOptions defaults() {
        return new AuditOptions(null, 0, null, false);
    }

    /** These options, signing checkpoints with {@code key}. */
    public AuditOptions signedWith(KeyPair key) {
        return new AuditOptions(key, checkpointEvery, checkpointInterval, downloadsBestEffort);
    }

    /** These options, with a checkpoint every {@code entries} entries or {@code interval}. */
    public AuditOptions checkpointing(int entries, Duration interval) {
        return new AuditOptions(signingKey, entries, interval, downloadsBestEffort);
    }

    /** These options, letting downloads proceed when their audit entry cannot be written. */
    public AuditOptions downloadsBestEffort(boolean bestEffort) {
        return new AuditOptions(signingKey, checkpointEvery, checkpointInterval, bestEffort);
    }
}
