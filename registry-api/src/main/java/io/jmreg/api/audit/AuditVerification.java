package io.jmreg.api.audit;

import java.security.PublicKey;
import java.util.Set;

/**
 * How to verify the audit trail.
 *
 * @param trustedKeys       public keys whose checkpoints are trusted; with none, stored checkpoints are ignored and the
 *                          chain alone is checked; with some, a checkpoint not verifying with one of them is a problem
 * @param trustedCheckpoint a checkpoint kept outside the store (trusted as given), or null
 * @param modelLogs         whether the model commit logs are checked too (every audited log entry's digest, and the
 *                          log snapshots against the entries)
 */
public record AuditVerification(Set<PublicKey> trustedKeys, AuditCheckpoint trustedCheckpoint, boolean modelLogs) {
    /** Copies the set. */
    public AuditVerification {
        trustedKeys = trustedKeys == null ? Set.of() : Set.copyOf(trustedKeys);
    }

    /** Verification of the chain and the model logs, trusting checkpoints signed by {@code keys}. */
    public static AuditVerification trusting(PublicKey... keys) {
        return new AuditVerification(Set.of(keys), null, true);
    }

    /** This verification, also trusting {@code checkpoint} (kept outside the store). */
    public AuditVerification withCheckpoint(AuditCheckpoint checkpoint) {
        return new AuditVerification(trustedKeys, checkpoint, modelLogs);
    }

    /** This verification, without the model logs (the audit chain only). */
    public AuditVerification chainOnly() {
        return new AuditVerification(trustedKeys, trustedCheckpoint, false);
    }
}
