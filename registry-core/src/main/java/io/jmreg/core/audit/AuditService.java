package io.jmreg.core.audit;

import io.jmreg.api.audit.AuditCheckpoint;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditOptions;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.core.log.LogRef;
import io.jmreg.core.search.Statistics;
import io.jmreg.core.sequence.RetryPolicy;
import io.jmreg.spi.StorageBackend;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of one store: appends entries (for the {@link AuditHook}), answers queries and exports, verifies,
 * and seals checkpoints with this process's key. Download counts for statistics are read from it incrementally.
 * The entries of commits are queued and sealed into the chain by a background sealer within its delay (and
 * before any query, export or verification of this process, and on {@link #close()}); the entries of commits left
 * behind by a process that died first are sealed by the next process that opens the store (see {@link AuditRecovery}).
 */
public final class AuditService implements Statistics.DownloadSource, AutoCloseable {
    /** How long the sealer gathers the entries of commits before sealing them together in one block, by default. */
    public static final Duration SEAL_DELAY = Duration.ofMillis(100);
    /** Registry property that sets the sealer's delay in milliseconds (1 to 60,000). */
    public static final String SEAL_DELAY_PROPERTY = "audit.seal-delay-ms";
    private static final Logger LOG = LoggerFactory.getLogger(AuditService.class);
    private final AuditChain chain;
    private final AuditRecovery recovery;
    private final Object sealerLock = new Object();
    private volatile Thread sealer; // written under sealerLock
    private volatile boolean closed;
    /** Set while the sealer waits for a first queued entry: only then does a new entry wake it. */
    private volatile boolean sealerIdle;
    private final AtomicBoolean readerRecovered = new AtomicBoolean();
    private final long sealDelayMillis;
    private final AuditCheckpoints checkpoints;
    private final AuditVerifier verifier;
    private final AuditBlockIndex index;
    private final Object downloadsLock = new Object();
    private final Map<String, List<Instant>> downloads = new HashMap<>();
    private long downloadsScannedBlock;

    /** The trail of {@code backend}, kept as {@code options} say, appended to under {@code retry}. */
    public AuditService(StorageBackend backend, AuditOptions options, RetryPolicy retry) {
        this(backend, options, retry, since -> List.of(), SEAL_DELAY);
    }

    /** The seal delay the registry properties set, or the default. */
    public static Duration sealDelay(Map<String, String> properties) {
        String value = properties.get(SEAL_DELAY_PROPERTY);
        if (value == null) {
            return SEAL_DELAY;
        }
        long millis;
        try {
            millis = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new ValidationException("registry property %s must be a whole number of milliseconds, got '%s'",
                    SEAL_DELAY_PROPERTY, value);
        }
        if (millis < 1 || millis > 60_000) {
            throw new ValidationException("registry property %s must be between 1 and 60000 milliseconds, got %d",
                    SEAL_DELAY_PROPERTY, millis);
        }
        return Duration.ofMillis(millis);
    }

    /**
     * The trail of {@code backend}, kept as {@code options} say, appended to under {@code retry}; {@code recent}
     * names the log entries committed (or attempted) since a time in epoch milliseconds, where the sealing of
     * commits left behind by a process that died looks for them; the sealer gathers commits for {@code sealDelay}.
     */
    public AuditService(StorageBackend backend, AuditOptions options, RetryPolicy retry,
                        LongFunction<List<LogRef>> recent, Duration sealDelay) {
        this.sealDelayMillis = sealDelay.toMillis();
        this.checkpoints = new AuditCheckpoints(backend, options, retry);
        this.chain = new AuditChain(backend, retry, checkpoints::appended);
        this.verifier = new AuditVerifier(backend, chain, checkpoints);
        this.index = new AuditBlockIndex(chain);
        this.recovery = new AuditRecovery(backend, chain, recent);
    }

    /** Appends one entry durably (with the entries of commits waiting to be sealed). */
    AuditEntry record(AuditChain.Draft draft) {
        return chain.append(draft);
    }

    /**
     * Queues the entry of a commit made at {@code committedAt}, whose log entries carry their audit intent: the
     * sealer writes it within its delay (plus the time of the write).
     */
    void defer(AuditChain.Draft draft, Instant committedAt) {
        chain.defer(draft, committedAt);
        Thread s = sealer;
        if (s == null) {
            synchronized (sealerLock) {
                if (sealer == null && !closed) {
                    Thread started = new Thread(this::seal, "jmreg-audit-sealer");
                    started.setDaemon(true);
                    started.start();
                    sealer = started;
                }
                s = sealer;
            }
        }
        if (s == null || closed) {
            chain.flush(); // closed (perhaps after close() sealed what was queued before this entry): seal it now
        } else if (sealerIdle) {
            // waking it for every commit cost a context switch each: a sealer gathering a batch sees the entry anyway
            LockSupport.unpark(s);
        }
    }

    /**
     * The sealer: seals commits left behind by dead processes on starting, then what this process queues, in batches,
     * and, every {@link AuditRecovery#PASSING_PERIOD}, what processes that died meanwhile left behind.
     */
    private void seal() {
        long recheckAt = 0;
        try {
            recheckAt = recovery.recoverOnOpen();
        } catch (RuntimeException e) {
            LOG.warn("could not seal the audit entries of commits left behind by other processes: {}", e.getMessage());
        }
        long passAt = System.currentTimeMillis() + AuditRecovery.PASSING_PERIOD.toMillis();
        while (!closed) {
            if (System.currentTimeMillis() >= passAt) {
                long started = System.nanoTime();
                try {
                    recovery.recoverPassing();
                } catch (RuntimeException e) {
                    LOG.warn("could not seal the audit entries of commits left behind by other processes: {}",
                            e.getMessage());
                }
                // a look at most every period, taking at most a twentieth of the time (on a slow store, less often)
                passAt = System.currentTimeMillis() + Math.max(AuditRecovery.PASSING_PERIOD.toMillis(),
                        20 * (System.nanoTime() - started) / 1_000_000);
            }
            if (recheckAt != 0 && System.currentTimeMillis() >= recheckAt) {
                try {
                    recovery.recoverLater();
                } catch (RuntimeException e) {
                    LOG.warn("could not seal the audit entries of commits left behind by other processes: {}",
                            e.getMessage());
                }
                recheckAt = 0;
            }
            if (!chain.hasQueued()) {
                sealerIdle = true; // then look again: an entry queued before this was set is seen, one after wakes us
                if (!chain.hasQueued()) {
                    LockSupport.parkNanos(this, recheckAt == 0 ? Duration.ofSeconds(1).toNanos()
                            : Math.max(1, recheckAt - System.currentTimeMillis()) * 1_000_000L);
                }
                sealerIdle = false;
                continue;
            }
            // gather the commits of this interval into one block. Not by sleeping until interrupted: an interrupt
            // that reached the flush below would close the block's file channel mid-write and lose the batch
            long sealAt = System.nanoTime() + sealDelayMillis * 1_000_000L;
            for (long left; !closed && (left = sealAt - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(this, left);
            }
            if (closed) {
                break; // closing: close() seals what is queued
            }
            try {
                chain.flushRound(); // what came meanwhile waits for the next round, not a block of its own
            } catch (RuntimeException e) {
                LOG.error("could not seal queued audit entries: {}", e.getMessage());
            }
        }
    }

    /** Seals what this process queued, so that its own reads see it. */
    private void sealQueued() {
        if (chain.hasQueued()) {
            chain.flush();
        }
    }

    /** Before a read of the trail: this process's queued entries, and (once) commits left behind by dead ones. */
    private void beforeRead() {
        sealQueued();
        if (readerRecovered.compareAndSet(false, true)) {
            try {
                recovery.recoverOnOpen();
            } catch (RuntimeException e) {
                LOG.warn("could not seal the audit entries of commits left behind by other processes: {}",
                        e.getMessage());
            }
        }
    }

    /** Stops the sealer and seals every queued entry. */
    @Override
    public void close() {
        Thread s;
        synchronized (sealerLock) {
            closed = true;
            s = sealer;
            sealer = null;
        }
        if (s != null) {
            LockSupport.unpark(s); // never interrupt it: a flush in progress completes, then the loop sees closed
            try {
                s.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            chain.flush();
        } catch (RuntimeException e) {
            LOG.error("could not seal queued audit entries on close: {}", e.getMessage());
        }
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
        beforeRead();
        List<AuditEntry> out = new ArrayList<>();
        visit(query, (line, entry) -> out.add(entry));
        return out;
    }

    /** Writes the stored lines of the entries matching {@code query}; returns how many. */
    public long export(AuditQuery query, OutputStream out) {
        beforeRead();
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
        beforeRead();
        List<LogRef> unaudited = new ArrayList<>();
        AuditReport report = verifier.verify(verification, unaudited::add);
        if (!unaudited.isEmpty() && recovery.recover(unaudited, verification.maxAuditLag()) > 0) {
            report = verifier.verify(verification, ref -> { });
        }
        return report;
    }

    /** Seals the newest entry now. */
    public AuditCheckpoint checkpoint() {
        sealQueued();
        return checkpoints.seal(chain.head());
    }

    /** The newest stored checkpoint. */
    public Optional<AuditCheckpoint> newestCheckpoint() {
        return checkpoints.newest();
    }

    @Override
    public Map<String, List<Instant>> downloadsByModel() {
        sealQueued();
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
