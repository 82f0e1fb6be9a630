package io.jmreg.core.audit;

import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditedCommit;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The stored form of one audit entry: one line of JSON in a block of the chain. Its SHA-256 (of exactly these bytes)
 * is what the next entry's {@code prev} holds.
 *
 * @param schema    document schema
 * @param seq       position in the trail, 1-based
 * @param prev      SHA-256 of the previous entry's stored bytes (64 zeros for the first)
 * @param id        a random id: no two entries are ever the same bytes (a store that acknowledges a create-only write
 *                  whose object already holds identical bytes, as a retried request of its own, must not merge two
 *                  entries)
 * @param at        when
 * @param principal who
 * @param action    the operation
 * @param resource  what
 * @param outcome   ok, denied or failed
 * @param details   more about it
 * @param commits   the model log entries committed, with the digests of their stored bytes
 */
record AuditRecord(int schema, long seq, String prev, String id, Instant at, String principal, String action, String resource,
                   String outcome, Map<String, String> details, List<Commit> commits) {
    static final int SCHEMA = 1;
    static final String NO_PREVIOUS = "0".repeat(64);

    /** A model log entry pinned by its digest. */
    record Commit(String model, long seq, String sha256) {
    }

    /** The API view of this entry, whose stored bytes hash to {@code hash}. */
    AuditEntry toEntry(String hash) {
        return new AuditEntry(seq, at, principal, action, resource, parsedOutcome(), details,
                commits == null ? List.of() : commits.stream().map(c -> new AuditedCommit(c.model(), c.seq(), c.sha256()))
                        .toList(), prev, hash);
    }

    private AuditEntry.Outcome parsedOutcome() {
        try {
            return AuditEntry.Outcome.valueOf(outcome.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return AuditEntry.Outcome.FAILED;
        }
    }
}
