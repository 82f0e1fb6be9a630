package io.jmreg.core.log;

import io.jmreg.api.exceptions.OutcomeUnknownException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.spi.EarlyVisibleWrites;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit of log entries: threads of one process committing at the same moment (to different models, or racing
 * on one) share one write and one sync. The first thread to arrive leads: it takes what is queued, writes it as one
 * {@link EntryBatch} file created under every entry's key ({@link EarlyVisibleWrites#putAllIfAbsentVisibleFirst}),
 * and tells each thread its own outcome; threads that arrive meanwhile queue for the leader's next round or lead it.
 * A thread alone writes its entry as it always did, so a quiet registry stores single entries. Each key stays a
 * create-only write: an entry whose key was taken lost its race as it would alone, and is retried by its thread.
 */
final class GroupCommit {
    /** The largest batch file: small enough to be written visible first (larger writes are synced before linking). */
    static final int MAX_BATCH_BYTES = 16 * 1024;
    /** The most entries in one batch. */
    static final int MAX_BATCH_ENTRIES = 64;
    /**
     * How many batches may be written at once. One: a second batch written beside the first shared little of its
     * syncs on a journaling file system and halved the batches (measured: 8 threads committed fewer entries a second).
     */
    static final int MAX_LEADERS = 1;
    /** The batches over which the number of threads committing at once is judged. */
    static final int PEAK_ROUND = 64;
    /** The longest a leader waits for the threads it expects before it writes its batch. */
    static final long MAX_GATHER_NANOS = 2_000_000L;

    private final EarlyVisibleWrites writes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Signalled when an entry is queued: a leader gathering a batch waits on it. */
    private final Condition arrived = lock.newCondition();
    /** Threads inside {@link #append} now. */
    private int inside;
    /** The most threads inside at once in this round of {@link #PEAK_ROUND} batches, and in the round before. */
    private int peak;
    private int peakBefore;
    private int batches;
    /** How long the last batch took to write. */
    private long lastWriteNanos;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int leaders;

    GroupCommit(EarlyVisibleWrites writes) {
        this.writes = writes;
    }

    /** One entry waiting to be written, and, once done, its outcome. */
    private static final class Pending {
        final EntryBatch.Member member;
        final String key;
        final Runnable beforeVisible;
        boolean taken;
        boolean done;
        boolean created;
        RuntimeException failure;

        Pending(EntryBatch.Member member, String key, Runnable beforeVisible) {
            this.member = member;
            this.key = key;
            this.beforeVisible = beforeVisible;
        }
    }

    /**
     * Creates entry {@code seq} of {@code model} ({@code bytes}) at {@code key} unless it exists, running
     * {@code beforeVisible} (if not null) before it can be seen, as {@link EarlyVisibleWrites#putIfAbsentVisibleFirst}
     * does; perhaps in one write with other threads' entries.
     *
     * @return whether this call created it
     * @throws OutcomeUnknownException when the write may or may not have created it
     */
    boolean append(String model, long seq, String key, byte[] bytes, Runnable beforeVisible) {
        Pending me = new Pending(new EntryBatch.Member(model, seq, bytes), key, beforeVisible);
        lock.lock();
        try {
            queue.add(me);
            inside++;
            peak = Math.max(peak, inside);
            arrived.signal();
            while (!me.done) {
                if (me.taken || leaders >= MAX_LEADERS) {
                    changed.awaitUninterruptibly(); // its write is under way, or will be: its outcome is awaited
                    continue;
                }
                leaders++; // lead one batch: the oldest queued entries, which may not include this one yet
                gather();
                List<Pending> batch = take();
                lock.unlock();
                long started = System.nanoTime();
                try {
                    write(batch);
                } finally {
                    lock.lock();
                    lastWriteNanos = System.nanoTime() - started;
                    if (++batches % PEAK_ROUND == 0) {
                        peakBefore = peak;
                        peak = inside;
                    }
                    leaders--;
                    for (Pending p : batch) {
                        p.done = true;
                    }
                    changed.signalAll();
                }
            }
        } finally {
            inside--;
            lock.unlock();
        }
        if (me.failure != null) {
            throw me.failure;
        }
        return me.created;
    }

    /** How many entries are queued, not yet taken into a write (for tests). */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Before a batch is taken, waits (a while at most, never longer than a batch's write) until as many entries are
     * queued as threads were seen committing at once lately: threads whose entries the last batch wrote are about to
     * queue their next ones, and a batch taken without them leaves them for a batch of their own. A thread committing
     * alone never waits.
     */
    private void gather() {
        int expected = Math.max(peak, peakBefore);
        long left = Math.min(lastWriteNanos, MAX_GATHER_NANOS);
        boolean interrupted = false;
        while (queue.size() < expected && left > 0) {
            try {
                left = arrived.awaitNanos(left);
            } catch (InterruptedException e) {
                interrupted = true;
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The next batch from the queue, oldest first: as many as fit in {@link #MAX_BATCH_BYTES} (one at least), one per
     * key (a second entry for a key waits for the next round, where it finds the key taken).
     */
    private List<Pending> take() {
        List<Pending> batch = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        long bytes = 0;
        for (Iterator<Pending> it = queue.iterator(); it.hasNext() && batch.size() < MAX_BATCH_ENTRIES; ) {
            Pending p = it.next();
            if (!batch.isEmpty() && bytes + p.member.bytes().length > MAX_BATCH_BYTES) {
                break;
            }
            if (keys.add(p.key)) {
                p.taken = true;
                batch.add(p);
                bytes += p.member.bytes().length;
                it.remove();
            }
        }
        return batch;
    }

    /** Writes {@code batch}, recording each one's outcome (they are marked done by the caller). */
    private void write(List<Pending> batch) {
        if (batch.size() == 1) {
            writeAlone(batch.get(0));
            return;
        }
        List<Pending> writing = new ArrayList<>(batch.size());
        try {
            for (Pending p : batch) {
                if (p.beforeVisible == null) {
                    writing.add(p);
                    continue;
                }
                try {
                    p.beforeVisible.run(); // an announcement, durable before the entry can be seen
                    writing.add(p);
                } catch (RuntimeException e) {
                    p.failure = e; // nothing written for it; the others go on
                }
            }
            if (writing.size() == 1) {
                Pending only = writing.get(0);
                only.created = writes.putIfAbsentVisibleFirst(only.key, only.member.bytes(), null); // announced
            } else if (!writing.isEmpty()) {
                List<String> keys = new ArrayList<>(writing.size());
                List<EntryBatch.Member> members = new ArrayList<>(writing.size());
                for (Pending p : writing) {
                    keys.add(p.key);
                    members.add(p.member);
                }
                List<Boolean> created = writes.putAllIfAbsentVisibleFirst(keys, EntryBatch.encode(members));
                for (int i = 0; i < writing.size(); i++) {
                    writing.get(i).created = created.get(i);
                }
            }
        } catch (OutcomeUnknownException e) {
            for (Pending p : writing) {
                p.failure = new OutcomeUnknownException(e, "%s", e.getMessage());
            }
        } catch (RuntimeException | Error e) {
            for (Pending p : writing) {
                p.failure = e instanceof StorageException s ? new StorageException(s, "%s", s.getMessage())
                        : new StorageException(e, "writing %s failed, nothing was written: %s", p.key, e);
            }
        }
    }

    /**
     * Writes an entry that has its write to itself as a thread committing alone would: its announcement (if any)
     * beside the write of its bytes, as the store does it; every failure as thrown.
     */
    private void writeAlone(Pending p) {
        try {
            p.created = writes.putIfAbsentVisibleFirst(p.key, p.member.bytes(), p.beforeVisible);
        } catch (RuntimeException e) {
            p.failure = e;
        } catch (Error e) {
            p.failure = new StorageException(e, "writing %s failed: %s", p.key, e);
        }
    }
}
