package io.jmreg.api.audit;

import io.jmreg.api.exceptions.StorageException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
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

    /**
     * Signs a checkpoint of the newest entry now and writes it to {@code file}, outside the store (created; an
     * existing file is replaced only once the new one is complete). Kept there, it lets {@code verify} detect a chain
     * rewritten and re-checkpointed in the store (with its checkpoints deleted) and entries deleted after it.
     */
    default AuditCheckpoint checkpointTo(Path file) {
        AuditCheckpoint c = checkpoint();
        try {
            Path abs = file.toAbsolutePath();
            Path tmp = Files.createTempFile(abs.getParent(), ".checkpoint", ".tmp");
            try {
                Files.writeString(tmp, c.toJson());
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new StorageException(e, "cannot write the audit checkpoint to %s: %s", file,
                    e.getMessage());
        }
        return c;
    }

    /**
     * Records a failed sign-in at a front end that authenticates its callers (the server): a missing, unknown,
     * expired or malformed token, or a throttled source. The entry's principal is {@code anonymous}, its action
     * {@code sign_in}, its outcome {@code DENIED}; {@code details} say where from and why ({@code source},
     * {@code client}, {@code reason}) and must hold no token material. Only in-process code can call it.
     */
    default void recordSignInFailure(Map<String, String> details) {
        throw new UnsupportedOperationException("this audit trail does not record sign-ins (the server's does)");
    }

    /** The newest checkpoint in the store, whoever signed it (verify it before trusting it). */
    Optional<AuditCheckpoint> newestCheckpoint();
}
