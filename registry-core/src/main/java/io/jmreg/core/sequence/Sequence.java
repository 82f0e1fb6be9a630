package io.jmreg.core.sequence;

import io.jmreg.api.exceptions.CommitConflictException;
import io.jmreg.api.exceptions.OutcomeUnknownException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.core.json.Json;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * A numbered sequence of create-only documents in the store ({@code <prefix><n>.json}, n from 1): the commit log of
 * a model, its checkpoints, the audit blocks and checkpoints, the access policy versions, the catalog generations.
 * It finds the newest member, reads one, and appends one with a create-only write whose result keeps the outcomes
 * apart: {@link Appended#CREATED created} by this writer, {@link Appended#EXISTED existed} (another writer was first),
 * and, when the store could not say, read back to learn which of the two it was, or that nothing
 * {@link Appended#NOT_LANDED landed}. Any other failure means nothing was written and is thrown at once.
 * {@link #retrying} retries lost races and writes that did not land under the store's one {@link RetryPolicy}; what
 * an attempt writes is the caller's, since it depends on what the winner wrote.
 */
public final class Sequence {
    private static final Logger LOG = LoggerFactory.getLogger(Sequence.class);

    /** What one create-only append did (an unknown outcome already read back). */
    public enum Appended {
        /** This writer's bytes are the member now. */
        CREATED,
        /** The member existed already, written by someone else. */
        EXISTED,
        /** The store could not say what happened, and nothing was found when read back: nothing landed. */
        NOT_LANDED;

        /** Whether this writer's bytes are stored. */
        public boolean created() {
            return this == CREATED;
        }
    }

    /** Hears what happens while an append is retried. */
    public interface Listener {
        /** The nobody: hears nothing. */
        Listener NONE = new Listener() {
        };

        /** A write had an unknown outcome and was read back. */
        default void outcomeUnknown() {
        }

        /** An attempt lost a race (or did not land) and is tried again. */
        default void retried() {
        }
    }

    /**
     * A create-only write of a member that is visible before it is durable and durable when it returns (as
     * {@link io.jmreg.spi.EarlyVisibleWrites#putIfAbsentVisibleFirst}, perhaps shared with other members' writes):
     * whether it created member {@code n} at {@code key}; {@code beforeVisible} (when not null) runs first.
     */
    @FunctionalInterface
    public interface VisibleFirstWriter {
        /** Writes {@code bytes} as member {@code n} at {@code key} unless it exists. */
        boolean write(long n, String key, byte[] bytes, Runnable beforeVisible);
    }

    /** A member's own bytes within what is stored at its key (a write shared by several members stores them all). */
    @FunctionalInterface
    public interface MemberBytes {
        /** The bytes of member {@code n} within {@code stored}, the object at {@code key}. */
        byte[] of(long n, String key, byte[] stored);
    }

    /** A member found: its number and what its reader made of it. */
    public record Member<T>(long number, T value) {
    }

    /** Makes a member's value of its bytes; throws, or returns null, when the member is not usable. */
    @FunctionalInterface
    public interface Reader<T> {
        /** The value of member {@code number} stored at {@code key} as {@code bytes}, or null to pass over it. */
        T read(long number, String key, byte[] bytes);
    }

    /** Told of a member passed over because its reader threw. */
    @FunctionalInterface
    public interface Unreadable {
        /** Member {@code number} at {@code key} could not be read, for {@code reason}. */
        void unreadable(long number, String key, RuntimeException reason);
    }

    /** One attempt of a retried append: its result, or null when it lost a race and should be tried again. */
    @FunctionalInterface
    public interface Attempt<R> {
        /** One attempt; it appends through {@code attempt}, which counts the outcomes. */
        R run(Try attempt);
    }

    /** One attempt within {@link #retrying}: appends through it are counted for the give-up message. */
    public final class Try {
        private final Listener listener;
        private int number;
        private long member;
        private int lost;
        private int unknown;
        private boolean progressed;

        private Try(Listener listener) {
            this.listener = listener;
        }

        /**
         * Says that this attempt, though it appended nothing, caught up with what other writers appended (it read
         * their newer member): the next attempt starts at once, and the pauses and the deadline start over, so a
         * writer under steady contention keeps up with the others instead of falling further behind with each pause.
         */
        public void progressed() {
            progressed = true;
        }

        /** This attempt's number, from 0. */
        public int number() {
            return number;
        }

        /** {@link Sequence#append} of member {@code n}, counted. */
        public Appended append(long n, byte[] bytes) {
            return append(n, bytes, null);
        }

        /**
         * {@link Sequence#append} of member {@code n}, counted, running {@code beforeVisible} (when not null) so that
         * it is durable before the member can be seen (see {@link StorageBackend#putIfAbsent(String, byte[],
         * Runnable)}); its failure writes nothing and surfaces as thrown.
         */
        public Appended append(long n, byte[] bytes, Runnable beforeVisible) {
            member = n;
            Appended a = Sequence.this.append(n, bytes, beforeVisible, () -> {
                unknown++;
                listener.outcomeUnknown();
            });
            if (a == Appended.EXISTED) {
                lost++;
            }
            return a;
        }
    }

    private final StorageBackend backend;
    private final String what;
    private final String noun;
    private final String prefix;
    private final LongFunction<String> keyOf;
    private final ToLongFunction<String> numberOf;
    private final RetryPolicy retry;
    private final VisibleFirstWriter visibleFirst; // null: members are durable before they are visible
    private final MemberBytes memberBytes;

    /**
     * The sequence {@code what} ("the audit trail") of {@code noun}s ("block") under {@code prefix} in
     * {@code backend}, member n at {@code keyOf(n)} (its file name read back by {@code numberOf}, -1 for a name
     * that is not a member's), retried as {@code retry} says.
     */
    public Sequence(StorageBackend backend, String what, String noun, String prefix, LongFunction<String> keyOf,
                    ToLongFunction<String> numberOf, RetryPolicy retry) {
        this(backend, what, noun, prefix, keyOf, numberOf, retry, null, (n, key, stored) -> stored);
    }

    /**
     * As above, appending through {@code visibleFirst} (when not null): a member is visible before it is durable and
     * may be found empty after a crash of the machine (see {@link io.jmreg.spi.EarlyVisibleWrites}); its readers must
     * allow that. A write whose outcome was unknown is read back through {@code memberBytes}.
     */
    public Sequence(StorageBackend backend, String what, String noun, String prefix, LongFunction<String> keyOf,
                    ToLongFunction<String> numberOf, RetryPolicy retry, VisibleFirstWriter visibleFirst,
                    MemberBytes memberBytes) {
        this.visibleFirst = visibleFirst;
        this.memberBytes = memberBytes;
        this.backend = backend;
        this.what = what;
        this.noun = noun;
        this.prefix = prefix;
        this.keyOf = keyOf;
        this.numberOf = numberOf;
        this.retry = retry;
    }

    /** The key of member {@code n}. */
    public String key(long n) {
        return keyOf.apply(n);
    }

    /** The bytes of member {@code n}, or empty when there is none (or {@code n} is beyond the sane range). */
    public Optional<byte[]> read(long n) {
        if (n <= 0 || n > StoreLayout.MAX_SEQUENCE) {
            return Optional.empty();
        }
        return Json.bytesIfExists(backend, key(n));
    }

    /** Whether member {@code n} is stored. */
    public boolean exists(long n) {
        return n > 0 && n <= StoreLayout.MAX_SEQUENCE && backend.stat(key(n)).isPresent();
    }

    /** The numbers of the stored members, ascending, from a listing. */
    public List<Long> numbers() {
        List<Long> out = new ArrayList<>();
        for (String name : backend.listChildren(prefix)) {
            long n = numberOf.applyAsLong(name);
            if (n > 0) {
                out.add(n);
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * The newest member that {@code reader} accepts, from a listing, newest first; members it throws on are passed
     * over and told to {@code unreadable}.
     */
    public <T> Optional<Member<T>> newest(Reader<T> reader, Unreadable unreadable) {
        List<Long> numbers = numbers();
        for (int i = numbers.size() - 1; i >= 0; i--) {
            long n = numbers.get(i);
            String key = key(n);
            try {
                Optional<byte[]> bytes = read(n);
                T value = bytes.isEmpty() ? null : reader.read(n, key, bytes.get());
                if (value != null) {
                    return Optional.of(new Member<>(n, value));
                }
            } catch (RuntimeException e) {
                unreadable.unreadable(n, key, e);
            }
        }
        return Optional.empty();
    }

    /**
     * The newest member of a sequence stored without gaps, knowing that member {@code known} is stored (0: none
     * known), without listing: doubling the step while members exist, then bisecting.
     */
    public long newestFrom(long known) {
        long lo = known;
        long step = 1;
        while (lo + step <= StoreLayout.MAX_SEQUENCE && exists(lo + step)) {
            lo += step;
            step *= 2;
        }
        long hi = lo + step;
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (exists(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Writes {@code bytes} as member {@code n} if there is none. An unknown outcome is read back: the member holding
     * exactly these bytes is {@link Appended#CREATED}, another's is {@link Appended#EXISTED}, none at all is
     * {@link Appended#NOT_LANDED}.
     *
     * @throws StorageException when the write failed: nothing was written
     */
    public Appended append(long n, byte[] bytes) {
        return append(n, bytes, null, () -> {
        });
    }

    private Appended append(long n, byte[] bytes, Runnable beforeVisible, Runnable unknown) {
        String key = key(n);
        try {
            boolean created = visibleFirst != null ? visibleFirst.write(n, key, bytes, beforeVisible)
                    : beforeVisible == null ? backend.putIfAbsent(key, bytes)
                    : backend.putIfAbsent(key, bytes, beforeVisible);
            return created ? Appended.CREATED : Appended.EXISTED;
        } catch (BeforeVisibleFailed e) {
            throw e;
        } catch (OutcomeUnknownException e) {
            LOG.warn("writing {} had an unknown outcome ({}); reading it back", key, e.getMessage());
            unknown.run();
            Optional<byte[]> stored = Json.bytesIfExists(backend, key);
            if (stored.isEmpty()) {
                return Appended.NOT_LANDED;
            }
            byte[] member;
            try {
                member = memberBytes.of(n, key, stored.get());
            } catch (StorageException unreadable) {
                return Appended.EXISTED; // not this writer's bytes
            }
            return Arrays.equals(member, bytes) ? Appended.CREATED : Appended.EXISTED;
        } catch (StorageException e) {
            throw new StorageException(e, "writing %s failed, nothing was written: %s", key, e.getMessage());
        }
    }

    /**
     * Runs {@code attempt} until it returns a result, pausing between attempts, for as long as the retry policy
     * allows; any exception ends the attempts at once.
     *
     * @throws CommitConflictException when the deadline passes; it says whether other writers took the members
     *                                 tried or every outcome was unknown
     */
    public <R> R retrying(Listener listener, Attempt<R> attempt) {
        long deadline = retry.deadlineFromNow();
        Try t = new Try(listener);
        for (int backoff = 0; ; t.number++) {
            R result = attempt.run(t);
            if (result != null) {
                return result;
            }
            listener.retried();
            if (t.progressed) {
                t.progressed = false;
                backoff = 0;
                deadline = retry.deadlineFromNow();
                continue;
            }
            if (System.nanoTime() > deadline) {
                throw new CommitConflictException("gave up appending to %s after %d lost races and %d unknown outcomes "
                        + "in %s (%s)", what, t.lost, t.unknown, retry.deadline(), t.lost > 0
                        ? noun + " " + t.member + " was taken by other writers"
                        : "no other writer took " + noun + " " + t.member + ": every write's outcome was unknown and "
                        + "it was not found as written when read back, so nothing was appended");
            }
            retry.pause(backoff++, what);
        }
    }

    /**
     * Thrown by a {@code beforeVisible} action to say it failed, so that its failure is not taken for the write's:
     * nothing was written, and {@link #getCause()} is what the action threw.
     */
    public static final class BeforeVisibleFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** The action failed with {@code cause}. */
        public BeforeVisibleFailed(RuntimeException cause) {
            super(cause);
        }
    }
}
