package io.jmreg.core.audit;

import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditOptions;
import io.jmreg.core.sequence.RetryPolicy;
import java.time.Duration;
import io.jmreg.spi.StorageBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Appends audit entries in bulk, for generating large trails (the audit benchmark): through the same hash chain and
 * checkpoints as the registry's own audit writer, so {@code verify} accepts the result, but a whole batch at a time,
 * in full blocks of the chain, with a signed checkpoint at every multiple of the options' entry count when the
 * options carry a signing key. It bypasses the operation pipeline: the entries audit no commits. It chains onto
 * whatever trail the store holds, and stays correct if others append meanwhile (they race for blocks as usual).
 */
public final class BulkAuditWriter {
    /** One entry to append: who did what to which resource, its outcome and details. */
    public record Entry(String principal, String action, String resource, AuditEntry.Outcome outcome,
                        Map<String, String> details) {
        /** Copies the details. */
        public Entry {
            details = Map.copyOf(details);
        }
    }

    private final AuditChain chain;

    /** A writer into the trail of {@code backend}, checkpointing as {@code options} say. */
    public BulkAuditWriter(StorageBackend backend, AuditOptions options) {
        RetryPolicy retry = new RetryPolicy(Duration.ofSeconds(30));
        AuditCheckpoints checkpoints = new AuditCheckpoints(backend, options, retry);
        this.chain = new AuditChain(backend, retry, checkpoints::appended);
    }

    /** Appends {@code entries} in their order; returns the sequence number of the last one (the trail's length). */
    public long append(List<Entry> entries) {
        List<AuditChain.Draft> drafts = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            drafts.add(new AuditChain.Draft(e.principal(), e.action(), e.resource(), e.outcome(), e.details(),
                    List.of()));
        }
        List<AuditEntry> written = chain.appendAll(drafts);
        return written.isEmpty() ? chain.head().seq() : written.get(written.size() - 1).seq();
    }
}
