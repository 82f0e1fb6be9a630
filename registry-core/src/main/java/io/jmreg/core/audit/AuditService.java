package io.jmreg.core.audit;

import io.jmreg.api.audit.AuditCheckpoint;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditOptions;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.core.search.Statistics;
import io.jmreg.core.sequence.RetryPolicy;
import io.jmreg.spi.StorageBackend;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.LongStream;

/**
 * The audit trail of one store: appends entries (for the {@link AuditHook}), answers queries and exports, verifies,
 * and seals checkpoints with this process's key. Download counts for statistics are read from it incrementally.
 */
public final class AuditService implements Statistics.DownloadSource {
    private final AuditChain chain;
    private final AuditCheckpoints checkpoints;
    private final AuditVerifier verifier;
    private final AuditBlockIndex index;
    private final Object downloadsLock = new Object();
    private final Map<String, List<Instant>> downloads = new HashMap<>();
    private long downloadsScannedBlock;

    /** The trail of {@code backend}, kept as {@code options} say, appended to under {@code retry}. */
    public AuditService(StorageBackend backend, AuditOptions options, RetryPolicy retry) {
        this.checkpoints = new AuditCheckpoints(backend, options, retry);
        this.chain = new AuditChain(backend, retry, checkpoints::appended);
        this.verifier = new AuditVerifier(backend, chain, checkpoints);
        this.index = new AuditBlockIndex(chain);
    }

    /** Appends one entry durably. */
    AuditEntry record(AuditChain.Draft draft) {
        return chain.append(draft);
    }

    /**
     * Appends the entry of a failed sign-in at a front end: principal {@code anonymous}, action {@code sign_in},
     * outcome DENIED, the given details (at most 16, each value cut to 200 characters).
     */
    public void recordSignInFailure(Map<String, String> details) {
        Map<String, String> kept = new TreeMap<>();
        details.entrySet().stream().limit(16).forEach(e -> kept.put(e.getKey(), e.getValue() == null ? ""
                : e.getValue().length() > 200 ? e.getValue().substring(0, 200) : e.getValue()));
        record(new AuditChain.Draft("anonymous", "sign_in", "registry", AuditEntry.Outcome.DENIED, kept, List.of()));
    }

    /** The entries matching {@code query}, oldest first. */
    public List<AuditEntry> query(AuditQuery query) {
        List<AuditEntry> out = new ArrayList<>();
        visit(query, (line, entry) -> out.add(entry));
        return out;
    }

    /** Writes the stored lines of the entries matching {@code query}; returns how many. */
    public long export(AuditQuery query, OutputStream out) {
        long[] count = {0};
        visit(query, (line, entry) -> {
            try {
                out.write(line.bytes());
                out.write('\n');
                count[0]++;
            } catch (IOException e) {
                throw new StorageException(e, "cannot write the audit export: %s", e.getMessage());
            }
        });
        return count[0];
    }

    private void visit(AuditQuery query, BiConsumer<AuditChain.Line, AuditEntry> sink) {
        int[] found = {0};
        Predicate<AuditEntry> matches = query.matcher();
        boolean backwards = query.newestFirst();
        Predicate<AuditChain.Line> each = line -> {
            AuditEntry e = line.record().toEntry(line.hash());
            // times never run backwards along the chain: past the range's end (or, newest first, its start) is done
            if (!backwards && query.to() != null && !e.at().isBefore(query.to())) {
                return false;
            }
            if (backwards && query.from() != null && e.at().isBefore(query.from())) {
                return false;
            }
            if (matches.test(e)) {
                sink.accept(line, e);
                found[0]++;
            }
            return query.limit() == 0 || found[0] < query.limit();
        };
        List<Long> blocks = candidateBlocks(query); // the blocks holding the resource, principal or action asked for
        if (blocks == null) { // blocks are numbered without gaps: no listing of the chain
            blocks = LongStream.rangeClosed(1, chain.newestBlock()).boxed().toList();
        }
        chain.scan(backwards ? reversed(blocks) : blocks, backwards, each);
    }

    /**
     * The fewest blocks that can hold the query's entries, from the index: of its exact resource, principal or action
     * (the shortest list), or null when it names none of them.
     */
    private List<Long> candidateBlocks(AuditQuery query) {
        List<Long> best = null;
        String[] values = {query.exactResource(), query.principal(), query.action()};
        AuditBlockIndex.Field[] fields = {AuditBlockIndex.Field.RESOURCE, AuditBlockIndex.Field.PRINCIPAL,
                AuditBlockIndex.Field.ACTION};
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                List<Long> blocks = index.blocksOf(fields[i], values[i]);
                if (best == null || blocks.size() < best.size()) {
                    best = blocks;
                }
            }
        }
        return best;
    }

    private static List<Long> reversed(List<Long> ascending) {
        List<Long> copy = new ArrayList<>(ascending);
        Collections.reverse(copy);
        return copy;
    }

    /** Verifies the trail. */
    public AuditReport verify(AuditVerification verification) {
        return verifier.verify(verification);
    }

    /** Seals the newest entry now. */
    public AuditCheckpoint checkpoint() {
        return checkpoints.seal(chain.head());
    }

    /** The newest stored checkpoint. */
    public Optional<AuditCheckpoint> newestCheckpoint() {
        return checkpoints.newest();
    }

    @Override
    public Map<String, List<Instant>> downloadsByModel() {
        synchronized (downloadsLock) {
            downloadsScannedBlock = chain.scanAfter(downloadsScannedBlock, line -> {
                AuditRecord r = line.record();
                if (r.details() != null && r.details().containsKey("downloaded_files") && "ok".equals(r.outcome())) {
                    String model = r.resource().contains(":") ? r.resource().substring(0, r.resource().indexOf(':'))
                            : r.resource();
                    downloads.computeIfAbsent(model, m -> new ArrayList<>()).add(r.at());
                }
                return true;
            });
            Map<String, List<Instant>> copy = new HashMap<>();
            downloads.forEach((m, times) -> copy.put(m, List.copyOf(times)));
            return copy;
        }
    }
}
