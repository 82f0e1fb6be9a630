package io.jmreg.api.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One entry of the audit trail: who did what to which resource, when, and how it ended. Entries form one chain: each
 * holds the SHA-256 of the previous entry's stored bytes.
 *
 * @param seq          position in the trail, 1-based, gap-free
 * @param at           when (never earlier than the previous entry)
 * @param principal    who
 * @param action       the operation, such as {@code register}, {@code set_alias}, {@code pull}, {@code change_policy}
 * @param resource     what: {@code registry}, a model name or a version ({@code name:version}), as precise as known
 * @param outcome      {@code OK}, {@code DENIED} (an access denial), {@code REFUSED} (a change refused by a lifecycle
 *                     rule: a failed gate, a forbidden transition, a self-approval or one with no pending request) or
 *                     {@code FAILED} (committed in part, then failed)
 * @param details      more about it: environment, alias, stage, permission denied, files and bytes downloaded...
 * @param commits      the model log entries the operation committed, each with the SHA-256 of its stored bytes
 * @param previousHash SHA-256 (hex) of the previous entry's stored bytes; 64 zeros for the first entry
 * @param hash         SHA-256 (hex) of this entry's stored bytes
 */
public record AuditEntry(long seq, Instant at, String principal, String action, String resource, Outcome outcome,
                         Map<String, String> details, List<AuditedCommit> commits, String previousHash, String hash) {
    /** How an audited operation ended. */
    public enum Outcome {
        /** It did what was asked. */ OK,
        /** Access was denied; nothing was done. */ DENIED,
        /** It failed after committing part of its changes (listed in {@code commits}). */ FAILED,
        /**
         * A change refused by a lifecycle rule (failed gate, forbidden transition, self-approval, approval with no
         * pending request); nothing was done. The details say why.
         */ REFUSED
    }

    /** Copies the collections. */
    public AuditEntry {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(details));
        commits = commits == null ? List.of() : List.copyOf(commits);
    }
}
