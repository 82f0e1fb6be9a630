package io.jmreg.core.audit;

import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.core.blobs.Parallel;
import io.jmreg.core.blobs.Sha256;
import io.jmreg.core.json.Json;
import io.jmreg.core.sequence.RetryPolicy;
import io.jmreg.core.sequence.Sequence;
import io.jmreg.core.store.RandomIds;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.core.store.StoreUris;
import io.jmreg.spi.StorageBackend;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail's hash chain in the store: blocks {@code audit/chain/<n>.jsonl}, each created once (create-only)
 * at the next block number and holding one or more entries, one JSON line each. Every entry holds the SHA-256 of the
 * previous entry's line, so the chain is one sequence across blocks. Processes race for the next block; the loser
 * reads the winner's block, chains onto it and tries the one after, so no entry is lost and the chain never forks.
 * Within a process, entries waiting while a block is written go together into the next one (group commit); the
 * entries of commits are queued and sealed together shortly after the commit ({@link #defer}). Such an entry names
 * the log entries it audits, and is never sealed twice: a writer that loses a block leaves out of its next attempt the
 * entries the winner sealed, and one sealing a commit old enough that another process may have sealed it (after a
 * crash) first reads the chain back to the commit's time.
 */
public final class AuditChain {
    private static final Logger LOG = LoggerFactory.getLogger(AuditChain.class);
    private static final int MAX_BLOCK_ENTRIES = 512;
    private static final int HINT_EVERY_BLOCKS = 64;
    /**
     * Another process seals a commit's entry left behind (by a crashed process) only once the commit is this old:
     * the process that committed it seals it well within this time.
     */
    static final Duration RECOVERY_GRACE = Duration.ofSeconds(2);
    /** A commit older than this may have been sealed by another's recovery: look for it in the chain first. */
    private static final Duration OWNER_CHECK_AGE = RECOVERY_GRACE.dividedBy(2);
    /** How far clocks of processes sharing a store may disagree, for finding where a commit may have been sealed. */
    static final Duration SKEW = Duration.ofSeconds(5);
    /**
     * Blocks kept in {@link #recentBlocks}: the window a recovery looks at (the maximum audit lag, with grace and
     * skew: 17 s) of a busy store's blocks, so that the sealer's periodic look reads none again (four processes
     * sealing every 100 ms write 40 blocks a second; with 128 kept, each look re-parsed hundreds).
     */
    private static final int RECENT_BLOCKS = 1024;

    /** The newest entry known: its block, position, stored-bytes hash and time. */
    record Head(long block, long seq, String hash, Instant at) {
        static final Head EMPTY = new Head(0, 0, AuditRecord.NO_PREVIOUS, Instant.EPOCH);
    }

    /** One stored entry: the block holding it, its bytes and their SHA-256. */
    record Line(long block, byte[] bytes, String hash) {
        /** The parsed entry; a malformed one throws a {@link StorageException}. */
        AuditRecord record() {
            return Json.read(bytes, AuditRecord.class, StoreLayout.auditBlockKey(block));
        }
    }

    /**
     * What sealing needs of a stored block, parsed once when it is written or first read: the commits its entries
     * audit, when its first entry was sealed, and the head at its end. Looking back for commits sealed elsewhere
     * compares a batch with these sets instead of parsing the same recent blocks again for every batch (which, once
     * a busy sealer fell a second behind, cost more than the sealing and kept it behind).
     */
    private record SealedBlock(Set<String> commits, Instant firstAt, Head end) {
        /** The summary of stored block {@code block}, which holds {@code lines}; its first or last entry malformed throws. */
        static SealedBlock of(long block, List<Line> lines) {
            Set<String> commits = new HashSet<>();
            for (Line line : lines) {
                AuditRecord rec;
                try {
                    rec = line.record();
                } catch (RuntimeException unreadable) {
                    continue; // verify reports it
                }
                if (rec.commits() != null) {
                    rec.commits().forEach(c -> commits.add(commitKey(c)));
                }
            }
            return new SealedBlock(commits, lines.get(0).record().at(), headOf(block, lines));
        }
    }

    /** Told of every block appended. */
    @FunctionalInterface
    interface Appended {
        /** The head moved from entry {@code before} to {@code head}, appending {@code entries}. */
        void appended(long before, Head head, List<AuditEntry> entries);
    }

    /** An entry to append: everything but its position, time and link. */
    record Draft(String principal, String action, String resource, AuditEntry.Outcome outcome,
                 Map<String, String> details, List<AuditRecord.Commit> commits) {
    }

    private static final class Pending {
        final Draft draft;
        final Instant committedAt; // of the log entries it audits; null: it audits none
        final boolean deferred; // nobody waits for it: a failure is logged
        volatile boolean done;
        boolean sealedBefore; // its log entries were found audited already
        AuditEntry entry;
        RuntimeException failure;

        Pending(Draft draft, Instant committedAt, boolean deferred) {
            this.draft = draft;
            this.committedAt = committedAt;
            this.deferred = deferred;
        }

        /** Whether another process may have sealed it: it audits commits old enough for another's recovery. */
        boolean mayBeSealedElsewhere(Instant now) {
            return committedAt != null && committedAt.isBefore(now.minus(OWNER_CHECK_AGE));
        }
    }

    private final StorageBackend backend;
    private final Sequence chain;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final Appended appended;
    private Head head; // guarded by lock; null: find it in the store
    /**
     * The lines of the blocks this process wrote or read last while sealing (blocks are create-only: a block's
     * number names its bytes for good), so that looking back for commits sealed elsewhere does not fetch the same
     * recent blocks again for every batch; guarded by lock. {@code verify} never reads through it.
     */
    private final Map<Long, SealedBlock> recentBlocks = new LinkedHashMap<>(RECENT_BLOCKS * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, SealedBlock> eldest) {
            return size() > RECENT_BLOCKS;
        }
    };

    /**
     * The chain of {@code backend}, appended to under {@code retry}; {@code appended} hears of every new head (under
     * the append lock).
     */
    AuditChain(StorageBackend backend, RetryPolicy retry, Appended appended) {
        this.backend = backend;
        this.chain = new Sequence(backend, "the audit trail", "block", StoreLayout.AUDIT_CHAIN,
                StoreLayout::auditBlockKey, StoreLayout::auditBlockOf, retry);
        this.appended = appended;
    }

    /** Appends one entry durably (with whatever other entries are waiting) and returns it as stored. */
    AuditEntry append(Draft draft) {
        Pending p = new Pending(draft, null, false);
        queue.add(p);
        await(List.of(p));
        if (p.failure != null) {
            throw new StorageException(p.failure, "the audit entry for %s of %s by %s could not be written: %s",
                    draft.action(), draft.resource(), draft.principal(), p.failure.getMessage());
        }
        return p.entry;
    }

    /**
     * Queues the entry of a commit made at {@code committedAt} (whose log entries carry their audit intent) to be
     * sealed by the next {@link #flush()} (or by whatever append comes first); returns at once.
     */
    void defer(Draft draft, Instant committedAt) {
        queue.add(new Pending(draft, committedAt, true));
    }

    /** Whether entries are queued. */
    boolean hasQueued() {
        return !queue.isEmpty();
    }

    /** Seals every queued entry now (a deferred one that cannot be written is logged: verify will list it). */
    void flush() {
        lock.lock();
        try {
            while (!queue.isEmpty()) {
                flushBatch();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Seals the entries of commits left behind by another process (each {@code drafts[i]} of a commit made at
     * {@code committedAt[i]}), unless the chain holds them already; returns how many were appended.
     */
    int appendRecovered(List<Draft> drafts, List<Instant> committedAt) {
        List<Pending> mine = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            Pending p = new Pending(drafts.get(i), committedAt.get(i), false);
            mine.add(p);
            queue.add(p);
        }
        await(mine);
        int appended = 0;
        for (Pending p : mine) {
            if (p.failure != null) {
                throw new StorageException(p.failure, "the audit entry of a commit left behind could not be written: %s",
                        p.failure.getMessage());
            }
            appended += p.sealedBefore ? 0 : 1;
        }
        return appended;
    }

    /**
     * Seals one block of the queued entries, then more only while a full block is queued: the sealer's round. (Sealing
     * until the queue was empty wrote a block for every few commits under steady load, each one more sync, since
     * commits kept arriving while the last block was written.)
     */
    void flushRound() {
        lock.lock();
        try {
            do {
                flushBatch();
            } while (queuedAtLeast(MAX_BLOCK_ENTRIES));
        } finally {
            lock.unlock();
        }
    }

    private boolean queuedAtLeast(int n) {
        int count = 0;
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); it.next()) {
            if (++count >= n) {
                return true;
            }
        }
        return false;
    }

    /**
     * Appends {@code drafts} in their order, {@value #MAX_BLOCK_ENTRIES} to a block, and returns them as stored (for
     * writing a trail in bulk: with one writer, every block but the last is full).
     */
    List<AuditEntry> appendAll(List<Draft> drafts) {
        List<Pending> mine = new ArrayList<>(drafts.size());
        for (Draft d : drafts) {
            mine.add(new Pending(d, null, false));
        }
        queue.addAll(mine);
        await(mine);
        List<AuditEntry> out = new ArrayList<>(mine.size());
        for (Pending p : mine) {
            if (p.failure != null) {
                throw new StorageException(p.failure, "audit entries could not be written: %s", p.failure.getMessage());
            }
            out.add(p.entry);
        }
        return out;
    }

    private void await(List<Pending> mine) {
        lock.lock();
        try {
            while (mine.stream().anyMatch(p -> !p.done)) {
                flushBatch();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The commits (as {@link #commitKey(String, long)}) that the entries sealed at or after {@code from} audit, and some
     * sealed a little before: read back from the newest block, through the summaries of recent blocks. Lets the
     * recovery leave out, without reading their log entries, the commits their own processes have sealed.
     */
    Set<String> sealedSince(Instant from) {
        lock.lock();
        try {
            head = findHead(); // the newest, not this process's last known
            Set<String> sealed = new HashSet<>();
            for (long block = head.block(); block >= 1; block--) {
                SealedBlock b = recentBlock(block);
                sealed.addAll(b.commits());
                if (b.firstAt().isBefore(from)) {
                    break;
                }
            }
            return sealed;
        } finally {
            lock.unlock();
        }
    }

    /** The newest entry (0 when the trail is empty). */
    Head head() {
        lock.lock();
        try {
            if (head == null) {
                head = findHead();
            }
            return head;
        } finally {
            lock.unlock();
        }
    }

    private void flushBatch() {
        List<Pending> polled = new ArrayList<>();
        for (Pending p; polled.size() < MAX_BLOCK_ENTRIES && (p = queue.poll()) != null; ) {
            polled.add(p);
        }
        if (polled.isEmpty()) {
            return;
        }
        List<Pending> batch = new ArrayList<>(polled);
        dropRepeated(batch);
        try {
            if (head == null) {
                head = findHead();
            }
            dropSealedSince(batch);
            Rendered r = batch.isEmpty() ? null : chain.retrying(Sequence.Listener.NONE, attempt -> {
                if (head == null) {
                    head = findHead();
                }
                if (batch.isEmpty()) {
                    return Rendered.NOTHING;
                }
                Rendered mine = render(batch, head);
                if (attempt.append(mine.head().block(), mine.bytes()).created()) {
                    recentBlocks.put(mine.head().block(), new SealedBlock(commitKeys(batch), mine.head().at(), mine.head()));
                    return mine;
                }
                // another process took the block: chain onto its entries (leaving out those of ours it sealed). A
                // store may refuse a conditional write while a racing one is in flight (S3's 409) before that one
                // exists, and a write of unknown outcome may not have landed: then try the same block again after a
                // pause
                long theirBlock = head.block() + 1;
                SealedBlock theirs = blockIfPresent(theirBlock);
                if (theirs != null) {
                    dropSealedIn(batch, theirs.commits());
                    head = theirs.end();
                    attempt.progressed(); // chain onto it at once: a pause here falls behind busy writers
                }
                return null;
            });
            if (r != null && r != Rendered.NOTHING) {
                long before = head.seq();
                head = r.head();
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).entry = r.entries().get(i);
                }
                if (head.block() % HINT_EVERY_BLOCKS == 0) {
                    writeHint(head.block());
                }
                appended.appended(before, head, r.entries());
            }
        } catch (RuntimeException e) {
            head = null; // find it again next time
            for (Pending p : batch) {
                p.failure = e;
                if (p.deferred) {
                    LOG.error("audit entry not written for {} of {} by {}: {} (its log entries carry it: the next "
                            + "process to open the store within the maximum audit lag seals it)", p.draft.action(),
                            p.draft.resource(), p.draft.principal(), e.getMessage());
                }
            }
        } finally {
            polled.forEach(p -> p.done = true);
        }
    }

    /**
     * Leaves out of {@code batch} the entries whose commits are audited in the chain already, when some may have
     * been sealed by another process (old enough for its recovery): reads the chain back from the head to where it
     * is older than the oldest such commit.
     */
    private void dropSealedSince(List<Pending> batch) {
        Instant now = Instant.now();
        Instant oldest = batch.stream().filter(p -> p.mayBeSealedElsewhere(now)).map(p -> p.committedAt)
                .min(Instant::compareTo).orElse(null);
        if (oldest == null) {
            return;
        }
        Instant from = oldest.minus(SKEW);
        for (long block = head.block(); block >= 1 && !batch.isEmpty(); block--) {
            SealedBlock sealed = recentBlock(block);
            dropSealedIn(batch, sealed.commits());
            if (sealed.firstAt().isBefore(from)) {
                return; // times never run backwards along the chain: older blocks were sealed before the commit
            }
        }
    }

    /**
     * Leaves out of {@code batch} the entries of commits that an earlier entry of the batch audits already (a commit
     * left behind, queued by two recoveries of this process, or by a recovery and its own process).
     */
    private static void dropRepeated(List<Pending> batch) {
        Set<String> seen = new HashSet<>();
        batch.removeIf(p -> {
            if (p.committedAt == null || p.draft.commits().isEmpty()) {
                return false;
            }
            List<String> keys = p.draft.commits().stream().map(AuditChain::commitKey).toList();
            boolean repeated = seen.containsAll(keys);
            seen.addAll(keys);
            p.sealedBefore = repeated;
            return repeated;
        });
    }

    /** Leaves out of {@code batch} the entries whose commits are all among {@code sealed} (commit keys). */
    private static void dropSealedIn(List<Pending> batch, Set<String> sealed) {
        if (sealed.isEmpty()) {
            return;
        }
        batch.removeIf(p -> {
            boolean already = p.committedAt != null && !p.draft.commits().isEmpty()
                    && p.draft.commits().stream().allMatch(c -> sealed.contains(commitKey(c)));
            p.sealedBefore = already;
            return already;
        });
    }

    private static String commitKey(AuditRecord.Commit c) {
        return commitKey(c.model(), c.seq());
    }

    /** How a commit (entry {@code seq} of {@code model}) is named in the sets of sealed commits. */
    static String commitKey(String model, long seq) {
        return model + "\n" + seq;
    }

    /** The keys of the commits the entries of {@code batch} audit. */
    private static Set<String> commitKeys(List<Pending> batch) {
        Set<String> keys = new HashSet<>();
        for (Pending p : batch) {
            p.draft.commits().forEach(c -> keys.add(commitKey(c)));
        }
        return keys;
    }

    private record Rendered(byte[] bytes, List<AuditEntry> entries, Head head) {
        static final Rendered NOTHING = new Rendered(new byte[0], List.of(), Head.EMPTY);
    }

    private static Rendered render(List<Pending> batch, Head after) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant at = now.isBefore(after.at()) ? after.at() : now; // time never runs backwards along the chain
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<AuditEntry> entries = new ArrayList<>(batch.size());
        long seq = after.seq();
        String prev = after.hash();
        for (Pending p : batch) {
            Draft d = p.draft;
            seq++;
            AuditRecord rec = new AuditRecord(AuditRecord.SCHEMA, seq, prev, RandomIds.uuid(), at,
                    d.principal(), d.action(), d.resource(),
                    d.outcome().name().toLowerCase(Locale.ROOT),
                    d.details().isEmpty() ? null : new TreeMap<>(d.details()),
                    d.commits().isEmpty() ? null : d.commits());
            byte[] line = Json.write(rec);
            String hash = Sha256.of(line);
            entries.add(rec.toEntry(hash));
            out.writeBytes(line);
            out.write('\n');
            prev = hash;
        }
        return new Rendered(out.toByteArray(), entries, new Head(after.block() + 1, seq, prev, at));
    }

    /** The summary of block {@code block}, or null when it does not exist (yet). */
    private SealedBlock blockIfPresent(long block) {
        try {
            return recentBlock(block);
        } catch (ObjectNotFoundException notYet) {
            return null;
        }
    }

    /** Block {@code block}'s summary, from {@link #recentBlocks} or read (and kept there); under lock. */
    private SealedBlock recentBlock(long block) {
        SealedBlock sealed = recentBlocks.get(block);
        if (sealed == null) {
            sealed = SealedBlock.of(block, readBlock(block));
            recentBlocks.put(block, sealed);
        }
        return sealed;
    }

    /** The head as of the end of block {@code block}, which exists. */
    private Head headOf(long block) {
        return headOf(block, readBlock(block));
    }

    /** The head as of the end of block {@code block}, which holds {@code lines}. */
    private static Head headOf(long block, List<Line> lines) {
        Line last = lines.get(lines.size() - 1);
        AuditRecord rec = last.record();
        return new Head(block, rec.seq(), last.hash(), rec.at());
    }

    /** Finds the newest block's head, from the hint (or the start). */
    private Head findHead() {
        long lo = hint();
        if (lo > 0 && (lo > StoreLayout.MAX_SEQUENCE || !exists(lo) || lo > 1 && !exists(lo - 1))) {
            LOG.warn("ignoring the audit head hint: block {} is not the end of a gap-free chain", lo);
            lo = 0; // blocks are numbered without gaps from 1: a hint past a gap is not one this library wrote
        }
        lo = newestBlockFrom(lo);
        return lo == 0 ? Head.EMPTY : headOf(lo);
    }

    /**
     * The newest stored block, knowing that block {@code known} is stored (0: nothing known): doubling the step
     * while blocks exist, then bisecting; a handful of existence checks however long the trail.
     */
    long newestBlockFrom(long known) {
        return chain.newestFrom(known);
    }

    /** Whether block {@code block} is stored (blocks are numbered without gaps from 1). */
    boolean exists(long block) {
        return chain.exists(block);
    }

    private long hint() {
        try {
            return Json.bytesIfExists(backend, StoreLayout.AUDIT_HEAD_HINT)
                    .map(b -> Json.read(b, HeadHint.class, StoreLayout.AUDIT_HEAD_HINT).block()).orElse(0L);
        } catch (RuntimeException e) {
            LOG.warn("ignoring unreadable audit head hint: {}", e.getMessage());
            return 0;
        }
    }

    private void writeHint(long block) {
        try {
            backend.putBytes(StoreLayout.AUDIT_HEAD_HINT, Json.write(new HeadHint(block)));
        } catch (RuntimeException e) {
            LOG.warn("could not write the audit head hint: {}", e.getMessage());
        }
    }

    /** Where the newest block recently was. */
    record HeadHint(long block) {
    }

    /** The numbers of the stored blocks, ascending. */
    List<Long> blocks() {
        return chain.numbers();
    }

    /** Told of each stored block in order, with its entries or why they could not be read. */
    @FunctionalInterface
    interface BlockVisitor {
        /** Block {@code block}: its {@code lines}, or the {@code failure} reading it; false stops the walk. */
        boolean visit(long block, List<Line> lines, RuntimeException failure);
    }

    /** Walks the stored blocks from {@code firstBlock} on in order, reading ahead 64 at a time in parallel. */
    void readBlocks(long firstBlock, BlockVisitor visitor) {
        readBlocks(blocks().stream().filter(n -> n >= firstBlock).toList(), visitor);
    }

    /** Walks the blocks {@code all} (stored ones) in the list's order, reading ahead 64 at a time in parallel. */
    void readBlocks(List<Long> all, BlockVisitor visitor) {
        for (int from = 0; from < all.size(); from += 64) {
            List<Long> window = all.subList(from, Math.min(all.size(), from + 64));
            Map<Long, Object> read = new ConcurrentHashMap<>();
            Parallel.forEach(window, 16, n -> {
                try {
                    read.put(n, readBlock(n));
                } catch (RuntimeException e) {
                    read.put(n, e);
                }
            });
            for (long n : window) {
                Object r = read.get(n);
                @SuppressWarnings("unchecked")
                boolean go = r instanceof RuntimeException e ? visitor.visit(n, null, e)
                        : visitor.visit(n, (List<Line>) r, null);
                if (!go) {
                    return;
                }
            }
        }
    }

    /**
     * Visits the entries of {@code blocks} (stored blocks, in the list's order) until {@code visitor} returns false;
     * {@code newestFirst} visits each block's entries from its last, for a list of blocks newest first. An unreadable
     * block fails the scan.
     */
    void scan(List<Long> blocks, boolean newestFirst, Predicate<Line> visitor) {
        readBlocks(blocks, (n, lines, failure) -> {
            if (failure != null) {
                throw failure;
            }
            for (int i = 0; i < lines.size(); i++) {
                if (!visitor.test(lines.get(newestFirst ? lines.size() - 1 - i : i))) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Visits, oldest first, every entry of the blocks stored after block {@code covered} (found without listing the
     * chain: one existence check when there are none) and returns the newest block visited, or {@code covered}.
     */
    long scanAfter(long covered, Predicate<Line> visitor) {
        if (!exists(covered + 1)) {
            return covered;
        }
        long newest = newestBlockFrom(covered + 1);
        scan(LongStream.rangeClosed(covered + 1, newest).boxed().toList(), false, visitor);
        return newest;
    }

    /** The newest stored block now (0: none), found from this process's head without listing the chain. */
    long newestBlock() {
        long known = head().block();
        if (known > 0 && !exists(known)) {
            known = 0; // the store was emptied behind our back: search from the start
        }
        return newestBlockFrom(known);
    }

    /** The entries of block {@code block}, as stored. */
    List<Line> readBlock(long block) {
        return split(block, chain.read(block).orElseThrow(() -> new ObjectNotFoundException("%s: no object at key '%s'",
                StoreUris.redacted(backend.uri()), chain.key(block))));
    }

    /** The lines of a block's bytes (a block ends with a newline; a block without one is malformed). */
    static List<Line> split(long block, byte[] bytes) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                byte[] line = Arrays.copyOfRange(bytes, start, i);
                lines.add(new Line(block, line, Sha256.of(line)));
                start = i + 1;
            }
        }
        if (start != bytes.length || lines.isEmpty()) {
            throw new StorageException("audit block %s is malformed: %s", StoreLayout.auditBlockKey(block),
                    lines.isEmpty() ? "it holds no entry" : "its last line is not terminated");
        }
        return lines;
    }
}
