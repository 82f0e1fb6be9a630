package io.jmreg.api.audit;

import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * The registry's tamper-evident audit trail: every change, every download of artifact bytes from the store, every
 * denial and every policy change, in one hash chain that many processes append to. Reading and verifying it needs
 * {@code registry:audit}.
 */
public interface AuditTrail {
    /** The entries matching {@code query}, oldest first. */
    List<AuditEntry> query(AuditQuery query);

    /** Writes the entries matching {@code query} as JSON Lines (their stored bytes, one per line); returns how many. */
    long export(AuditQuery query, OutputStream out);

    /** Checks the chain, the checkpoints and the model logs; names the first problem found. */
    AuditReport verify(AuditVerification verification);

    /** Signs a checkpoint of the newest entry now (needs the registry opened with an audit signing key). */
    AuditCheckpoint checkpoint();

    /** The newest checkpoint in the store, whoever signed it (verify it before trusting it). */
    Optional<AuditCheckpoint> newestCheckpoint();
}
