package io.jmreg.core.audit;

import static io.jmreg.api.audit.AuditProblem.Kind.*;

import io.jmreg.api.audit.AuditCheckpoint;
import io.jmreg.api.audit.AuditProblem;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.signing.SigningKeys;
import io.jmreg.core.blobs.Parallel;
import io.jmreg.core.json.Json;
import io.jmreg.core.log.LogEntry;
import io.jmreg.core.log.LogRef;
import io.jmreg.core.log.LogScan;
import io.jmreg.core.signing.Ed25519;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Verifies the audit trail: every entry in place and chained to the one before, the checkpoints signed by trusted
 * keys and matching the entries they seal, nothing sealed missing, and (optionally) every audited model log entry
 * still holding the bytes audited at commit, with log snapshots agreeing with their entries. Names the first problem.
 */
final class AuditVerifier {
    private final StorageBackend backend;
    private final AuditChain chain;
    private final AuditCheckpoints checkpoints;

    AuditVerifier(StorageBackend backend, AuditChain chain, AuditCheckpoints checkpoints) {
        this.backend = backend;
        this.chain = chain;
        this.checkpoints = checkpoints;
    }

    /**
     * Verifies as {@code v} says; tells {@code unauditedSink} of every log entry with no audit entry that is younger
     * than the maximum audit lag (pending).
     */
    AuditReport verify(AuditVerification v, Consumer<LogRef> unauditedSink) {
        List<AuditProblem> problems = new ArrayList<>();
        Map<Long, AuditCheckpoint> trusted = trustedCheckpoints(v, problems);
        Walk walk = walk(trusted);
        if (walk.problem != null) {
            problems.add(walk.problem);
        }
        long sealedUpTo = 0;
        for (AuditCheckpoint c : trusted.values()) {
            if (c.seq() < walk.next && (walk.problem == null || c.seq() < walk.problem.position())) {
                sealedUpTo = Math.max(sealedUpTo, c.seq());
            } else if (walk.problem == null && c.seq() >= walk.next) {
                problems.add(new AuditProblem(TRUNCATED, walk.next, StoreLayout.auditCheckpointKey(c.seq()),
                        "a trusted checkpoint seals entry " + c.seq() + " but the trail ends at entry " + (walk.next - 1)
                                + ": entries from " + walk.next + " on were deleted"));
            }
        }
        AuditProblem first = problems.stream().min(Comparator.comparingLong(AuditProblem::position))
                .orElse(null);
        long logEntries = 0;
        List<String> unaudited = new ArrayList<>();
        long unauditedCount = 0;
        long pending = 0;
        if (v.modelLogs() && first == null) {
            Map<String, LogScan> scans = scanLogs(walk.commits);
            for (AuditRecord.Commit c : walk.commits) {
                LogScan scan = scans.get(c.model());
                String key = StoreLayout.logKey(c.model(), c.seq());
                if (c.seq() < 1 || c.seq() > StoreLayout.MAX_SEQUENCE) {
                    first = new AuditProblem(LOG_ENTRY_CHANGED, c.seq(), StoreLayout.logPrefix(c.model()),
                            "the trail records a commit of model '" + c.model() + "' at log position " + c.seq()
                                    + ", outside 1.." + StoreLayout.MAX_SEQUENCE + ": the trail or the log was edited");
                    break;
                }
                if (scan == null || c.seq() > scan.digests().size()) {
                    first = new AuditProblem(LOG_ENTRY_MISSING, c.seq(), key, "log entry " + c.seq() + " of model '"
                            + c.model() + "' was audited when committed and no longer exists");
                    break;
                }
                if (!scan.digests().get((int) c.seq() - 1).equals(c.sha256())) {
                    first = new AuditProblem(LOG_ENTRY_CHANGED, c.seq(), key, "log entry " + c.seq() + " of model '"
                            + c.model() + "' does not hold the bytes audited when it was committed");
                    break;
                }
                logEntries++;
            }
            if (first == null) {
                for (LogScan scan : new TreeMap<>(scans).values()) {
                    if (scan.badSnapshot() != null) {
                        first = new AuditProblem(LOG_SNAPSHOT_CHANGED, scan.badSnapshotSeq(), scan.badSnapshot(),
                                "the snapshot of model '" + scan.model() + "' at entry " + scan.badSnapshotSeq()
                                        + " disagrees with its log entries");
                        break;
                    }
                }
            }
            Set<String> audited = walk.commits.stream().map(c -> c.model() + "\n" + c.seq()).collect(Collectors.toSet());
            Instant now = Instant.now();
            for (LogScan scan : new TreeMap<>(scans).values()) {
                List<Long> missing = new ArrayList<>();
                for (int i = 1; i <= scan.digests().size(); i++) {
                    if (!audited.contains(scan.model() + "\n" + i)
                            && !scan.digests().get(i - 1).equals(LogScan.ABORTED_DIGEST)) { // aborted: no change
                        unauditedCount++;
                        missing.add((long) i);
                        if (unaudited.size() < 100) {
                            unaudited.add(StoreLayout.logKey(scan.model(), i));
                        }
                    }
                }
                // newest first: entries young enough may still be waiting for their audit entry (pending); the
                // first older one (and, as log times only move forward, every one before it) is not
                long oldest = 0;
                for (int i = missing.size() - 1; i >= 0; i--) {
                    String why = tooOld(scan.model(), missing.get(i), now, v.maxAuditLag());
                    if (why != null) {
                        oldest = missing.get(0);
                        if (first == null && !v.tolerateUnaudited()) {
                            String reason = oldest == missing.get(i) ? why : "committed before entry " + missing.get(i)
                                    + ", which " + why;
                            first = new AuditProblem(UNAUDITED, oldest, StoreLayout.logKey(scan.model(), oldest),
                                    "log entry " + oldest + " of model '" + scan.model() + "' has no audit entry and "
                                            + reason + ": it was written outside the library (or by a process that "
                                            + "died before auditing it); tampering until proven otherwise");
                        }
                        break;
                    }
                    unauditedSink.accept(new LogRef(scan.model(), missing.get(i))); // may be sealed by another yet
                    pending++;
                }
            }
        }
        return new AuditReport(walk.next - 1, trusted.size(), sealedUpTo, logEntries, first, unaudited, unauditedCount,
                pending);
    }

    /**
     * Why the unaudited log entry {@code seq} of {@code model} can no longer be waiting for its audit entry (committed
     * longer than {@code lag} ago, or claiming a time after now plus the lag, or unreadable), or null when it may.
     */
    private String tooOld(String model, long seq, Instant now, Duration lag) {
        String key = StoreLayout.logKey(model, seq);
        Instant at;
        try {
            at = LogEntry.read(Json.bytes(backend, key), model, seq, key).at();
        } catch (RuntimeException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
        if (at == null) {
            return "has no commit time";
        }
        if (at.isBefore(now.minus(lag))) {
            return "was committed at " + at + ", longer ago than the maximum audit lag (" + lag + ")";
        }
        if (at.isAfter(now.plus(lag))) {
            return "claims to be committed at " + at + ", in the future";
        }
        return null;
    }

    /** The checkpoints to trust: stored ones verifying with a trusted key, and the given one. */
    private Map<Long, AuditCheckpoint> trustedCheckpoints(AuditVerification v, List<AuditProblem> problems) {
        Map<Long, AuditCheckpoint> trusted = new TreeMap<>();
        if (!v.trustedKeys().isEmpty()) {
            Map<String, PublicKey> keys = v.trustedKeys().stream().collect(Collectors.toMap(SigningKeys::keyId,
                    Function.identity(), (a, b) -> a));
            for (AuditCheckpoints.Stored s : checkpoints.all()) {
                long position = Math.max(1, StoreLayout.sequenceOf(s.key().substring(StoreLayout.AUDIT_CHECKPOINTS.length())));
                if (s.checkpoint() == null) {
                    problems.add(new AuditProblem(BAD_CHECKPOINT, position, s.key(), "the checkpoint cannot be read: "
                            + s.unreadable()));
                    continue;
                }
                AuditCheckpoint c = s.checkpoint();
                PublicKey key = keys.get(c.keyId());
                if (key == null) {
                    problems.add(new AuditProblem(BAD_CHECKPOINT, c.seq(), s.key(), "the checkpoint is signed by key "
                            + c.keyId() + ", which is not trusted"));
                } else if (!Ed25519.verify(key, c.signedText(), c.signature())) {
                    problems.add(new AuditProblem(BAD_CHECKPOINT, c.seq(), s.key(), "the checkpoint's signature by key "
                            + c.keyId() + " does not verify: it was forged or changed"));
                } else {
                    trusted.put(c.seq(), c);
                }
            }
        }
        if (v.trustedCheckpoint() != null) {
            AuditCheckpoint given = v.trustedCheckpoint();
            PublicKey key = v.trustedKeys().stream().filter(k -> SigningKeys.keyId(k).equals(given.keyId())).findFirst()
                    .orElse(null);
            if (!v.trustedKeys().isEmpty() && (key == null || !Ed25519.verify(key, given.signedText(), given.signature()))) {
                problems.add(new AuditProblem(BAD_CHECKPOINT, Math.max(1, given.seq()), "the given checkpoint",
                        "the checkpoint kept outside the store is " + (key == null ? "signed by key " + given.keyId()
                                + ", which is not trusted" : "not validly signed: it was forged or changed")));
            } else {
                trusted.put(given.seq(), given);
            }
        }
        return trusted;
    }

    /** The result of walking the chain, and where the walk is. */
    private static final class Walk {
        long next = 1;
        AuditProblem problem;
        final List<AuditRecord.Commit> commits = new ArrayList<>();
        String prev = AuditRecord.NO_PREVIOUS;
        String beforePrev;
        long expectedBlock = 1;
    }

    private Walk walk(Map<Long, AuditCheckpoint> trusted) {
        Walk w = new Walk();
        chain.readBlocks(1, (n, lines, failure) -> {
            String key = StoreLayout.auditBlockKey(n);
            if (n != w.expectedBlock) {
                w.problem = new AuditProblem(OUT_OF_ORDER, w.next, StoreLayout.auditBlockKey(w.expectedBlock),
                        "block " + w.expectedBlock + " is missing: entries from " + w.next + " on were deleted (or the "
                                + "next block stored, " + key + ", was put there by something else)");
                return false;
            }
            w.expectedBlock++;
            if (failure != null) {
                w.problem = new AuditProblem(UNREADABLE, w.next, key, failure.getMessage());
                return false;
            }
            for (AuditChain.Line line : lines) {
                w.problem = check(w, line, key, trusted);
                if (w.problem != null) {
                    return false;
                }
            }
            return true;
        });
        return w;
    }

    /** Checks the next entry of the walk and moves past it; the problem found, or null. */
    private static AuditProblem check(Walk w, AuditChain.Line line, String key, Map<Long, AuditCheckpoint> trusted) {
        AuditRecord rec;
        try {
            rec = line.record();
        } catch (RuntimeException e) {
            return new AuditProblem(UNREADABLE, w.next, key, "entry " + w.next + " cannot be parsed: " + e.getMessage());
        }
        if (rec.seq() != w.next) {
            boolean inserted = rec.seq() == w.next - 1 && rec.prev() != null && rec.prev().equals(w.beforePrev);
            return inserted
                    ? new AuditProblem(OUT_OF_ORDER, w.next - 1, key, "entry " + (w.next - 1)
                    + " was inserted: the entry after it chains to entry " + (w.next - 2))
                    : new AuditProblem(OUT_OF_ORDER, w.next, key, "the entry at position " + w.next
                    + " claims to be entry " + rec.seq() + ": entries were deleted, inserted or moved");
        }
        if (!w.prev.equals(rec.prev())) {
            long bad = Math.max(1, w.next - 1);
            return new AuditProblem(EDITED, bad, key, w.next == 1 ? "the first entry does not start the chain"
                    : "entry " + bad + " is not the entry " + w.next + " chained to: it was edited");
        }
        AuditCheckpoint sealed = trusted.get(rec.seq());
        if (sealed != null && !sealed.entryHash().equals(line.hash())) {
            return new AuditProblem(CHECKPOINT_MISMATCH, rec.seq(), key, "entry " + rec.seq()
                    + " is not the entry a trusted checkpoint sealed: it or entries before it were rewritten");
        }
        if (rec.commits() != null) {
            w.commits.addAll(rec.commits());
        }
        w.beforePrev = w.prev;
        w.prev = line.hash();
        w.next++;
        return null;
    }

    /** Every model log an audited commit names, and every model in the store, read once each in parallel. */
    private Map<String, LogScan> scanLogs(List<AuditRecord.Commit> commits) {
        Set<String> models = new HashSet<>();
        commits.forEach(c -> models.add(c.model()));
        for (String segment : backend.listChildren(StoreLayout.MODELS)) {
            models.add(StoreLayout.decode(segment));
        }
        Map<String, LogScan> scans = new ConcurrentHashMap<>();
        Parallel.forEach(List.copyOf(models), 8, m -> {
            LogScan scan = LogScan.of(backend, m);
            if (!scan.digests().isEmpty()) {
                scans.put(m, scan);
            }
        });
        return new HashMap<>(scans);
    }
}
