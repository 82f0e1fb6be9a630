package io.jmreg.api.audit;

import java.time.Instant;

/**
 * A signed statement that audit entry {@code seq} had the stored bytes hashing to {@code entryHash}: everything up to
 * it is pinned by the chain. Keep one outside the store (exported) to detect truncation or a rewrite later.
 *
 * @param seq       the entry sealed
 * @param entryHash SHA-256 (hex) of that entry's stored bytes
 * @param at        when it was signed
 * @param keyId     id of the signing key ({@link io.jmreg.api.signing.SigningKeys#keyId})
 * @param signature Ed25519 signature (base64) over {@link #signedText()}
 */
public record AuditCheckpoint(long seq, String entryHash, Instant at, String keyId, String signature) {
    /** The exact text signed: {@code jmreg-audit-checkpoint-v1}, the sequence, the hash and the time, one per line. */
    public String signedText() {
        return "jmreg-audit-checkpoint-v1\n" + seq + "\n" + entryHash + "\n" + at + "\n";
    }
}
