package io.jmreg.api.audit;

import io.jmreg.api.exceptions.ValidationException;

import java.security.PublicKey;
import java.time.Duration;
import java.util.Set;

/**
 * How to verify the audit trail.
 *
 * @param trustedKeys       public keys whose checkpoints are trusted; with none, stored checkpoints are ignored and the
 *                          chain alone is checked; with some, a checkpoint not verifying with one of them is a problem
 * @param trustedCheckpoint a checkpoint kept outside the store, or null; trusted as given, unless trusted keys are
 *                          given, when its signature must verify with one of them
 * @param modelLogs         whether the model commit logs are checked too (every audited log entry's digest, the log
 *                          snapshots against the entries, and every log entry having an audit entry)
 * @param tolerateUnaudited whether a model log entry without an audit entry is only listed (entries committed before
 *                          the store kept an audit trail, or by a process that died between commit and audit, once
 *                          explained); by default it is a problem ({@link AuditProblem.Kind#UNAUDITED}): an appended
 *                          log entry is tampering until proven otherwise
 * @param maxAuditLag       how long after its commit a log entry's audit entry may still be on its way: a younger
 *                          unaudited entry is counted as pending, not a problem (default 10 seconds; null: default)
 */
public record AuditVerification(Set<PublicKey> trustedKeys, AuditCheckpoint trustedCheckpoint, boolean modelLogs,
                                boolean tolerateUnaudited, Duration maxAuditLag) {
    /** The default {@link #maxAuditLag}. */
    public static final Duration DEFAULT_MAX_AUDIT_LAG = Duration.ofSeconds(10);

    /** Copies the set, fills the default lag. */
    public AuditVerification {
        trustedKeys = trustedKeys == null ? Set.of() : Set.copyOf(trustedKeys);
        maxAuditLag = maxAuditLag == null ? DEFAULT_MAX_AUDIT_LAG : maxAuditLag;
        if (maxAuditLag.isNegative()) {
            throw new ValidationException("the maximum audit lag must not be negative, got %s", maxAuditLag);
        }
    }

    /** Verification failing on unaudited log entries older than the default lag. */
    public AuditVerification(Set<PublicKey> trustedKeys, AuditCheckpoint trustedCheckpoint, boolean modelLogs) {
        this(trustedKeys, trustedCheckpoint, modelLogs, false, null);
    }

    /** Verification of the chain and the model logs, trusting checkpoints signed by {@code keys}. */
    public static AuditVerification trusting(PublicKey... keys) {
        return new AuditVerification(Set.of(keys), null, true);
    }

    /** This verification, also trusting {@code checkpoint} (kept outside the store). */
    public AuditVerification withCheckpoint(AuditCheckpoint checkpoint) {
        return new AuditVerification(trustedKeys, checkpoint, modelLogs, tolerateUnaudited, maxAuditLag);
    }

    /** This verification, without the model logs (the audit chain only). */
    public AuditVerification chainOnly() {
        return new AuditVerification(trustedKeys, trustedCheckpoint, false, tolerateUnaudited, maxAuditLag);
    }

    /** This verification, listing unaudited model log entries instead of failing on them. */
    public AuditVerification toleratingUnaudited() {
        return new AuditVerification(trustedKeys, trustedCheckpoint, modelLogs, true, maxAuditLag);
    }

    /** This verification, counting unaudited log entries younger than {@code lag} as pending. */
    public AuditVerification withMaxAuditLag(Duration lag) {
        return new AuditVerification(trustedKeys, trustedCheckpoint, modelLogs, tolerateUnaudited, lag);
    }
}
