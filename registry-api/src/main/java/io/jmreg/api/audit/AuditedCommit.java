package io.jmreg.api.audit;

/**
 * A model log entry an audited operation committed, pinned by the digest of its stored bytes: editing or removing
 * the log entry later is detected by {@link AuditTrail#verify}.
 *
 * @param model  the model
 * @param seq    the entry's position in the model's log
 * @param sha256 SHA-256 (hex) of the entry's stored bytes
 */
public record AuditedCommit(String model, long seq, String sha256) {
}
