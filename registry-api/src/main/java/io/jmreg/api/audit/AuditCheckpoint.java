package io.jmreg.api.audit;

import io.jmreg.api.exceptions.ValidationException;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * This checkpoint as a JSON document ({@code seq}, {@code entry_hash}, {@code at}, {@code key_id},
     * {@code signature}), the form {@code jmreg audit checkpoint --out} writes and {@code verify --checkpoint} reads.
     */
    public String toJson() {
        return "{\"seq\": " + seq + ", \"entry_hash\": \"" + entryHash + "\", \"at\": \"" + at
                + "\", \"key_id\": \"" + keyId + "\", \"signature\": \"" + signature + "\"}\n";
    }

    /** Reads the document {@link #toJson()} writes (the fields in any order, as {@code --json} prints them too). */
    public static AuditCheckpoint parse(String json) {
        try {
            return new AuditCheckpoint(Long.parseLong(field(json, "seq", "(\\d{1,19})")),
                    field(json, "entry_hash", "\"([0-9a-f]{64})\""), Instant.parse(field(json, "at", "\"([^\"]+)\"")),
                    field(json, "key_id", "\"([^\"]+)\""), field(json, "signature", "\"([A-Za-z0-9+/=]+)\""));
        } catch (RuntimeException e) {
            throw new ValidationException("an audit checkpoint needs seq, entry_hash (64 hex digits), at (an instant), "
                    + "key_id and signature (base64): %s", e.getMessage());
        }
    }

    private static String field(String json, String name, String value) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*" + value).matcher(json == null ? "" : json);
        if (!m.find()) {
            throw new IllegalArgumentException("no valid \"" + name + "\"");
        }
        return m.group(1);
    }
}
