package io.jmreg.core.audit;

import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.core.blobs.Sha256;
import io.jmreg.core.json.Json;
import io.jmreg.core.log.AuditIntent;
import io.jmreg.core.log.EntryBatch;
import io.jmreg.core.log.LogEntry;
import io.jmreg.core.log.LogRef;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.EarlyVisibleWrites;
import io.jmreg.spi.StorageBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals the audit entries of commits left behind by a process that died between its commit and the sealing of its
 * audit entry: a log entry carrying its audit intent, with no audit entry, committed longer ago than
 * {@link AuditChain#RECOVERY_GRACE} (its own process would have sealed it by then) and within the maximum audit lag.
 * The entry is sealed from the intent, as its process would have, with the detail {@code recovered=true}. A log entry
 * without an intent, with one made for another entry (copied by a forger), or older than the lag, is left for verify
 * to report.
 */
final class AuditRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(AuditRecovery.class);
    private static final Duration LAG = AuditVerification.DEFAULT_MAX_AUDIT_LAG;
    /**
     * How old a commit is before the sealer's periodic look seals it for the process that left it: half the lag, so
     * that a live process's sealer, however far behind, is seldom duplicated.
     */
    static final Duration PASSING_GRACE = LAG.dividedBy(2);
    /** How often the sealer looks: a quarter of the lag, so that a commit is sealed before it is older than the lag. */
    static final Duration PASSING_PERIOD = LAG.dividedBy(4);

    private final StorageBackend backend;
    private final AuditChain chain;
    private final LongFunction<List<LogRef>> recent;
    private final Optional<EarlyVisibleWrites> earlyVisible;
    private List<LogRef> later = List.of(); // guarded by this: too young when looked at on opening

    AuditRecovery(StorageBackend backend, AuditChain chain, LongFunction<List<LogRef>> recent) {
        this.backend = backend;
        this.chain = chain;
        this.recent = recent;
        this.earlyVisible = backend.capability(EarlyVisibleWrites.class);
    }

    /**
     * Seals the entries left behind by commits of the last maximum audit lag (found among the recent ones); returns
     * when (epoch milliseconds) to {@link #recoverLater()} for those too young to be sealed by another process yet,
     * or 0 when there are none.
     */
    synchronized long recoverOnOpen() {
        long now = System.currentTimeMillis();
        List<LogRef> refs = ofLastLag(now);
        if (refs.isEmpty()) {
            return 0;
        }
        List<LogRef> young = new ArrayList<>();
        recover(refs, LAG, young);
        later = young;
        return young.isEmpty() ? 0 : now + AuditChain.RECOVERY_GRACE.toMillis() + AuditService.SEAL_DELAY.toMillis();
    }

    /** Seals those of the commits found too young on opening that are still left behind. */
    synchronized void recoverLater() {
        List<LogRef> refs = later;
        later = List.of();
        recover(refs, LAG, new ArrayList<>());
    }

    /**
     * The sealer's periodic look, for commits left behind by a process that died while this one runs (the look on
     * opening saw none of them): those of the last maximum audit lag older than {@link #PASSING_GRACE}, when a live
     * process would long have sealed its own.
     */
    synchronized void recoverPassing() {
        long now = System.currentTimeMillis();
        recover(ofLastLag(now), LAG, new ArrayList<>(), PASSING_GRACE);
    }

    /** The commits announced within the maximum audit lag (and the grace) before {@code now}, epoch milliseconds. */
    private List<LogRef> ofLastLag(long now) {
        return recent.apply(now - LAG.toMillis() - AuditChain.RECOVERY_GRACE.toMillis());
    }

    /** Seals those of {@code refs} that were left behind and are no older than {@code lag}; returns how many. */
    synchronized int recover(Collection<LogRef> refs, Duration lag) {
        return recover(refs, lag, new ArrayList<>());
    }

    private int recover(Collection<LogRef> refs, Duration lag, List<LogRef> young) {
        return recover(refs, lag, young, AuditChain.RECOVERY_GRACE);
    }

    /** As above, leaving to their own processes (and to {@code young}) the commits younger than {@code grace}. */
    private int recover(Collection<LogRef> refs, Duration lag, List<LogRef> young, Duration grace) {
        Instant now = Instant.now();
        List<AuditChain.Draft> drafts = new ArrayList<>();
        List<Instant> committed = new ArrayList<>();
        // commits their own processes sealed (nearly all of them while those live) are left out unread: reading and
        // queueing every recent commit of a busy store cost a process opening on it seconds of CPU
        Set<String> sealedAlready = refs.isEmpty() ? Set.of()
                : chain.sealedSince(now.minus(lag).minus(AuditChain.RECOVERY_GRACE).minus(AuditChain.SKEW));
        for (LogRef ref : refs) {
            if (sealedAlready.contains(AuditChain.commitKey(ref.model(), ref.seq()))) {
                continue;
            }
            String key = StoreLayout.logKey(ref.model(), ref.seq());
            Optional<byte[]> bytes;
            LogEntry entry;
            try {
                bytes = Json.bytesIfExists(backend, key);
                if (bytes.isEmpty()) {
                    continue; // a hint whose commit never happened
                }
                bytes = Optional.of(EntryBatch.entryOf(bytes.get(), ref.model(), ref.seq(), key));
                entry = Json.read(bytes.get(), LogEntry.class, key);
            } catch (RuntimeException unreadable) {
                continue; // verify reports it
            }
            AuditIntent intent = entry.audit();
            if (!sealable(entry, ref) || entry.at().isBefore(now.minus(lag)) || entry.at().isAfter(now.plus(lag))) {
                continue; // not the library's, or too old to be waiting still: verify reports it once past the lag
            }
            if (entry.at().isAfter(now.minus(grace))) {
                young.add(ref); // its own process may still seal it
                continue;
            }
            // the audit entry pins the log entry's bytes: make them durable first (a store may show them earlier)
            earlyVisible.ifPresent(w -> w.sync(key));
            TreeMap<String, String> details = intent.details() == null ? new TreeMap<>() : new TreeMap<>(intent.details());
            details.put("recovered", "true");
            drafts.add(new AuditChain.Draft(entry.by(), intent.action(), intent.resource(), AuditEntry.Outcome.OK,
                    details, List.of(new AuditRecord.Commit(ref.model(), ref.seq(), Sha256.of(bytes.get())))));
            committed.add(entry.at());
        }
        if (drafts.isEmpty()) {
            return 0;
        }
        int sealed = chain.appendRecovered(drafts, committed);
        if (sealed > 0) {
            LOG.info("sealed the audit entries of {} commits left behind by processes that stopped before sealing them",
                    sealed);
        }
        return sealed;
    }

    /** Whether {@code entry}, stored at {@code ref}, carries an audit intent as the library writes one. */
    private static boolean sealable(LogEntry entry, LogRef ref) {
        AuditIntent intent = entry.audit();
        return intent != null && entry.seq() == ref.seq() && intent.binds(ref.model(), entry) && entry.at() != null && entry.by() != null
                && !entry.by().isBlank() && intent.action() != null
                && AuditActions.all().containsValue(intent.action()) && intent.resource() != null
                && !intent.resource().isBlank();
    }
}
