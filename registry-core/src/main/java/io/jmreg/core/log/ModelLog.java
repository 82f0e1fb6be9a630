package io.jmreg.core.log;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jmreg.api.exceptions.CommitConflictException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.core.blobs.Sha256;
import io.jmreg.core.json.Json;
import io.jmreg.core.sequence.RetryPolicy;
import io.jmreg.core.sequence.Sequence;
import io.jmreg.core.store.RandomIds;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.EarlyVisibleWrites;
import io.jmreg.spi.StorageBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-model commit log. A change is committed by a create-only write of entry {@code head + 1}; the loser
 * of a race re-reads the new head, re-validates its change against it and retries with jittered backoff.
 * Reads are served from a Caffeine cache whose entries are re-checked against the store once they are older
 * than the configured staleness; this process's own commits are visible at once.
 */
public final class ModelLog {
    /** The smallest distance between checkpoints: one is written at every multiple of it up to 255. */
    public static final int CHECKPOINT_INTERVAL = 32;
    private static final Logger LOG = LoggerFactory.getLogger(ModelLog.class);

    private record Cached(ModelState state, long checkedAtNanos) {
    }

    /** What {@link #readEntry} returns for an aborted (empty) entry: passed, it changes nothing. */
    private static final LogEntry ABORTED = new LogEntry(0, 0, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null);

    private final StorageBackend backend;
    private final long stalenessNanos;
    private final RetryPolicy retry;
    /**
     * The models' states. Its upkeep (eviction, buffers) runs on the writing thread: on the default executor every
     * commit's write handed a task to the common pool, waking one of its threads, which on two cores cost committing
     * threads more than the upkeep itself.
     */
    private final Cache<String, Cached> cache = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();
    private final CommitAnnouncer announcer;
    /** The store's early-visible writes (log entries then cost one round of syncs), or null. */
    private final EarlyVisibleWrites earlyVisible;
    /** Log entries of threads committing at once written together, when the store writes visible first; or null. */
    private final GroupCommit groupCommit;
    /** Per model, the log position up to which entries are known durable (this process's own commits, or synced). */
    private final Cache<String, Long> durableUpTo = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run)
            .build();
    private final List<Consumer<ModelState>> stateListeners = new CopyOnWriteArrayList<>();

    /** Who commits (the principal stamped on the entry) and who hears of each commit. */
    public interface Committer {
        /** The principal recorded in the entry. */
        String principal();

        /** Told of every entry committed on its behalf, after the commit. */
        void committed(Committed commit);

        /**
         * What the audit entry of {@code entry} (stamped, about to be committed onto {@code head}) will say, written
         * into the entry itself; null: nothing (the entry is audited otherwise, or not at all).
         */
        default AuditIntent auditIntent(ModelState head, LogEntry entry) {
            return null;
        }

        /** Told when a commit on its behalf lost a race to another writer and is retried. */
        default void commitRetried() {
        }

        /** Told when a write on its behalf had an unknown outcome and was read back. */
        default void outcomeUnknown() {
        }

        /** Told of artifact bytes written to the store on its behalf (blobs stored already are not counted). */
        default void uploaded(long bytes) {
        }
    }

    /** A log over {@code backend} that announces nothing before its commits. */
    public ModelLog(StorageBackend backend, Duration staleness, Duration commitTimeout) {
        this(backend, staleness, commitTimeout, CommitAnnouncer.NONE);
    }

    /** A log over {@code backend} that tells {@code announcer} of every commit before attempting it. */
    public ModelLog(StorageBackend backend, Duration staleness, Duration commitTimeout, CommitAnnouncer announcer) {
        this.backend = backend;
        this.stalenessNanos = staleness.toNanos();
        this.retry = new RetryPolicy(commitTimeout);
        this.announcer = announcer;
        this.earlyVisible = backend.capability(EarlyVisibleWrites.class).orElse(null);
        this.groupCommit = earlyVisible == null ? null : new GroupCommit(earlyVisible);
    }

    /** Tells {@code listener} of every state this log reads or commits (its own commits at once). */
    public void addStateListener(Consumer<ModelState> listener) {
        stateListeners.add(listener);
    }

    /**
     * The state of a model at the head of its log, read onwards from {@code base} (a state of the same model known
     * from elsewhere, such as the catalog): only the entries after it are read.
     */
    public ModelState readFrom(ModelState base) {
        Cached cached = cache.getIfPresent(base.name());
        ModelState start = cached != null && cached.state().seq() > base.seq() ? cached.state() : base;
        return refresh(base.name(), start.exists() || start.seq() > 0 ? start : null);
    }

    /** The state of a model, at most {@code staleness} behind other processes' commits. */
    public ModelState read(String name) {
        return read(name, System.nanoTime());
    }

    /**
     * As {@link #read(String)}, its staleness judged at {@code nowNanos} (a {@link System#nanoTime()} the caller has
     * just read, so that one hot call reads the clock once).
     */
    public ModelState read(String name, long nowNanos) {
        Cached cached = cache.getIfPresent(name);
        if (cached != null && nowNanos - cached.checkedAtNanos() < stalenessNanos) {
            return cached.state();
        }
        return refresh(name, cached == null ? null : cached.state());
    }

    /** The state of a model at the head of its log, now. */
    public ModelState readFresh(String name) {
        Cached cached = cache.getIfPresent(name);
        return refresh(name, cached == null ? null : cached.state());
    }

    /**
     * The state of a model as it was at {@code instant}: the newest checkpoint not after it, then the log entries
     * up to it (entry times are monotonic per model).
     */
    public ModelState readAsOf(String name, Instant instant) {
        ModelState state = newestCheckpoint(name, c -> c.updatedAt() != null && !c.updatedAt().isAfter(instant));
        while (true) {
            LogEntry e = readEntry(name, state.seq() + 1);
            if (e == null || e != ABORTED && e.at().isAfter(instant)) {
                return state;
            }
            state = next(state, e);
        }
    }

    /**
     * The state of a model as of log entry {@code seq} (the newest checkpoint not after it, then the entries up to
     * it); the current state when {@code seq} is its head.
     */
    public ModelState readAt(String name, long seq) {
        ModelState current = read(name);
        if (current.seq() == seq) {
            return current;
        }
        ModelState state = newestCheckpoint(name, c -> c.seq() <= seq);
        while (state.seq() < seq) {
            LogEntry e = readEntry(name, state.seq() + 1);
            if (e == null) {
                break;
            }
            state = next(state, e);
        }
        return state;
    }

    /**
     * Commits one change as {@code committer}. {@code proposer} sees the head state and the commit time, validates,
     * and returns the entry (it may throw to refuse); it is called again after every lost race.
     *
     * @return the state after the commit, and the entry committed
     * @throws CommitConflictException when the commit timeout passes without winning
     */
    public Committed commit(Committer committer, String name, BiFunction<ModelState, Instant, LogEntry> proposer) {
        long[] announced = {-1, 0}; // the entry announced last, and when
        return entries(name).retrying(new Sequence.Listener() {
            @Override
            public void outcomeUnknown() {
                committer.outcomeUnknown();
            }

            @Override
            public void retried() {
                committer.commitRetried();
            }
        }, attempt -> {
            // the first attempt builds on the state this process knows without looking for newer entries: the
            // create-only write of the next entry fails if another writer took it, and the next attempt reads the
            // head. A change refused on the known state is judged again on the head before the refusal stands
            ModelState head = attempt.number() == 0 ? known(name) : null;
            LogEntry proposed = null;
            Instant at = null;
            if (head != null) {
                at = commitTime(name, head);
                try {
                    proposed = proposer.apply(head, at);
                } catch (RuntimeException refused) {
                    head = null;
                }
            }
            if (head == null) {
                head = readFresh(name);
                at = commitTime(name, head);
                proposed = proposer.apply(head, at);
            }
            makeDurable(name, head.seq());
            LogEntry stamped = proposed.stamped(head.seq() + 1, RandomIds.uuid(), at, committer.principal());
            AuditIntent intent = committer.auditIntent(head, stamped);
            LogEntry entry = intent == null ? stamped : stamped.withAudit(intent);
            byte[] bytes = Json.write(entry);
            Runnable announce = null;
            boolean due = announcer != CommitAnnouncer.NONE
                    && (entry.seq() != announced[0] || System.nanoTime() - announced[1] > announcer.reannounceNanos());
            boolean covered = due && announcer.covers(name); // by this process's hint of a moment ago
            if (due && !covered) {
                long seq = entry.seq();
                // durable before the entry can exist (the backend may write both at once); a failure writes nothing
                announce = () -> {
                    try {
                        announcer.announce(name, seq);
                    } catch (RuntimeException e) {
                        throw new Sequence.BeforeVisibleFailed(e);
                    }
                };
                announced[0] = entry.seq();
                announced[1] = System.nanoTime();
            }
            Sequence.Appended appended;
            try {
                appended = attempt.append(entry.seq(), bytes, announce);
            } catch (Sequence.BeforeVisibleFailed e) {
                announced[0] = -1;
                throw (RuntimeException) e.getCause();
            }
            if (!appended.created()) {
                return null;
            }
            durableUpTo.asMap().merge(name, entry.seq(), Math::max);
            if (covered) {
                announcer.committedUnderCover(name, entry.seq());
            }
            ModelState next = head.apply(entry);
            remember(next);
            if (isCheckpoint(next.seq())) {
                writeCheckpoint(next);
            }
            Committed committed = new Committed(next, entry, Sha256.of(bytes));
            committer.committed(committed);
            return committed;
        });
    }

    /** The state of a model this process holds (its own last commit, or what it read last), or null. */
    private ModelState known(String name) {
        Cached cached = cache.getIfPresent(name);
        return cached == null ? null : cached.state();
    }

    /** The time of a commit onto {@code head}: now, or the head's time when the clock is behind it. */
    private static Instant commitTime(String name, ModelState head) {
        if (head.seq() >= StoreLayout.MAX_SEQUENCE) {
            throw new StorageException("model '%s' is at log position %d, the largest this library writes: its log "
                    + "or checkpoints were edited in the store", name, head.seq());
        }
        Instant at = Instant.now();
        // keep log time monotonic across hosts with skewed clocks
        return head.updatedAt() != null && at.isBefore(head.updatedAt()) ? head.updatedAt() : at;
    }

    /**
     * The distance between checkpoints around log position {@code seq}: {@link #CHECKPOINT_INTERVAL}, growing with
     * the log to a quarter of the largest power of two not above {@code seq}. A checkpoint holds the whole state,
     * whose size grows with the log, so a fixed distance would make each commit's share of the checkpoint writes grow
     * with the model; this one keeps that share bounded (serializing about four versions per commit), and a reader
     * without a cache, which reads the checkpoint's whole state anyway, replays at most {@code seq / 4} entries past
     * it. (An eighth cost a sixth of all the CPU of registrations into models of thousands of versions.)
     */
    public static long checkpointStep(long seq) {
        return Math.max(CHECKPOINT_INTERVAL, Long.highestOneBit(Math.max(seq, 1)) / 4);
    }

    /** Whether a checkpoint is written at log position {@code seq} (readers find the newest by listing). */
    public static boolean isCheckpoint(long seq) {
        return seq > 0 && seq % checkpointStep(seq) == 0;
    }

    /**
     * The outcome of a commit.
     *
     * @param state  the model's state after it
     * @param entry  the entry committed
     * @param sha256 SHA-256 (hex) of the entry's stored bytes (the audit trail pins it)
     */
    public record Committed(ModelState state, LogEntry entry, String sha256) {
    }

    /** Names of the models whose state this log has cached and that exist (this instance's own new models included). */
    public Set<String> knownModels() {
        Set<String> names = new TreeSet<>();
        cache.asMap().forEach((name, cached) -> {
            if (cached.state().exists()) {
                names.add(name);
            }
        });
        return names;
    }

    /** The staleness bound of cached reads, in nanoseconds. */
    public long stalenessNanos() {
        return stalenessNanos;
    }

    /** Forgets every cached model state. */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** The log of model {@code name} as a sequence of entries. */
    private Sequence entries(String name) {
        return new Sequence(backend, "model '" + name + "'", "entry", StoreLayout.logPrefix(name),
                n -> StoreLayout.logKey(name, n), StoreLayout::sequenceOf, retry, groupCommit == null ? null
                : (n, key, bytes, beforeVisible) -> groupCommit.append(name, n, key, bytes, beforeVisible),
                (n, key, stored) -> EntryBatch.entryOf(stored, name, n, key));
    }

    /** The checkpoints of model {@code name}. */
    private Sequence checkpoints(String name) {
        return new Sequence(backend, "the checkpoints of model '" + name + "'", "checkpoint",
                StoreLayout.checkpointPrefix(name), n -> StoreLayout.checkpointKey(name, n), StoreLayout::sequenceOf,
                retry);
    }

    private ModelState refresh(String name, ModelState base) {
        ModelState state = base != null ? base : loadCheckpoint(name);
        long replayed = 0;
        while (true) {
            LogEntry e = readEntry(name, state.seq() + 1);
            if (e == null) {
                break;
            }
            state = next(state, e);
            replayed++;
        }
        if (base == null && replayed > 2L * checkpointStep(state.seq())) {
            writeCheckpoint(state); // a checkpoint writer crashed; spare the next reader the replay
        }
        remember(state);
        return state;
    }

    private void remember(ModelState state) {
        long now = System.nanoTime();
        cache.asMap().merge(state.name(), new Cached(state, now),
                (old, neu) -> old.state().seq() > neu.state().seq() ? old : neu);
        for (Consumer<ModelState> listener : stateListeners) {
            listener.accept(state);
        }
    }

    /**
     * Makes entry {@code seq} of the model durable before a commit builds on it, unless it is known durable: an entry
     * another writer made visible may not be durable yet (see {@link EarlyVisibleWrites}), and what is built on it
     * must not survive a crash that it does not. That writer synced the entry before it; so one sync covers the log.
     */
    private void makeDurable(String name, long seq) {
        if (earlyVisible == null || seq == 0) {
            return;
        }
        Long known = durableUpTo.getIfPresent(name);
        if (known != null && known >= seq) {
            return;
        }
        earlyVisible.sync(StoreLayout.logKey(name, seq));
        durableUpTo.asMap().merge(name, seq, Math::max);
    }

    /** The state after entry {@code e} (read by {@link #readEntry}, perhaps {@link #ABORTED}). */
    private static ModelState next(ModelState state, LogEntry e) {
        return e == ABORTED ? state.passAborted(state.seq() + 1) : state.apply(e);
    }

    /** Entry {@code seq}, {@link #ABORTED} when it is stored empty, or null when there is none. */
    private LogEntry readEntry(String name, long seq) {
        byte[] bytes = entries(name).read(seq).orElse(null); // never beyond the sane range
        if (bytes == null) {
            return null;
        }
        if (LogEntry.isAborted(bytes)) {
            LOG.warn("passing aborted log entry {} of model {}: stored empty, a write a crash cut before it was durable",
                    seq, name);
            return ABORTED;
        }
        String key = StoreLayout.logKey(name, seq);
        LogEntry entry = LogEntry.read(bytes, name, seq, key);
        if (entry.schema() > LogEntry.SCHEMA) {
            throw new StorageException("log entry '%s' has schema %d; this library reads up to %d: upgrade it",
                    key, entry.schema(), LogEntry.SCHEMA);
        }
        if (entry.seq() != seq) {
            throw new StorageException("log entry '%s' claims sequence %d", key, entry.seq());
        }
        return entry;
    }

    private ModelState loadCheckpoint(String name) {
        return newestCheckpoint(name, c -> true);
    }

    /**
     * The newest readable checkpoint of this model that {@code accept}s, or the empty state. A checkpoint whose log
     * entry does not exist (a file named beyond the log's end) is ignored with a warning: trusted, it would hide
     * every later entry and put the next commit in the wrong place.
     */
    private ModelState newestCheckpoint(String name, Predicate<Checkpoint> accept) {
        return checkpoints(name).newest((seq, key, bytes) -> {
            Checkpoint c = Json.read(bytes, Checkpoint.class, key);
            if (c.schema() > Checkpoint.SCHEMA || c.seq() != seq || !name.equals(c.name()) || !accept.test(c)) {
                return null;
            }
            if (backend.stat(StoreLayout.logKey(name, seq)).isEmpty()) {
                LOG.warn("ignoring checkpoint {}: the log has no entry {} (the file is not one this library wrote)",
                        key, seq);
                return null;
            }
            return ModelState.of(c);
        }, (seq, key, e) -> LOG.warn("ignoring unreadable checkpoint {}: {}", key, e.getMessage()))
                .map(Sequence.Member::value).orElseGet(() -> ModelState.empty(name));
    }

    /**
     * Writes the checkpoint of {@code state}. Checkpoints are derived from the log and readers check them against
     * it, so one is (re)written in place rather than appended create-only, and need not be durable.
     */
    private void writeCheckpoint(ModelState state) {
        try {
            String key = StoreLayout.checkpointKey(state.name(), state.seq());
            byte[] bytes = Json.write(state.toCheckpoint());
            if (earlyVisible != null) {
                // not synced: one lost in a crash, or left empty, is skipped by readers (and on a journaling file
                // system a checkpoint's sync made every concurrent commit's sync wait for its data)
                earlyVisible.putUnsynced(key, bytes);
            } else {
                backend.putBytes(key, bytes);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not write checkpoint {} of {}: {}", state.seq(), state.name(), e.getMessage());
        }
    }
}
