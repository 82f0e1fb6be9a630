package io.jmreg.spi;

import io.jmreg.api.exceptions.OutcomeUnknownException;
import io.jmreg.api.exceptions.StorageException;
import java.util.ArrayList;
import java.util.List;

/**
 * Optional capability of a store whose create-only write can become visible before it is durable, then durable in
 * one round: a local file system links the written file into place and then syncs the file and its directory
 * together (one journal commit) instead of syncing the file before linking it and the directory after (two in a
 * row). The write is still durable when it returns. Readers see the whole object at once; but after a crash of the
 * machine before the write returned, the object may be found <em>empty</em> (zero bytes): a write nobody was told
 * had happened. A reader that makes a durable decision on such an object written by someone else (a commit that
 * builds on a log entry) {@link #sync(String) syncs} it first, so that what it builds on survives whatever survives.
 */
public interface EarlyVisibleWrites {
    /**
     * {@link StorageBackend#putIfAbsent(String, byte[], Runnable)} (with {@code beforeVisible} null: without an
     * announcement), visible from the moment it is decided and durable when it returns; a failure after it became
     * visible is an {@link io.jmreg.api.exceptions.OutcomeUnknownException}.
     */
    boolean putIfAbsentVisibleFirst(String key, byte[] data, Runnable beforeVisible);

    /**
     * Group commit: one object's bytes created at each of {@code keys} at once, as {@link #putIfAbsentVisibleFirst}
     * does for one key (create-only per key, visible first, durable when it returns), with one write and one sync of
     * the bytes for all of them (a local file system links one file under every name). Returns, for each key in
     * order, whether this call created it (false: an object existed there, and is left as it was).
     *
     * @throws StorageException        when it failed before any key was created: nothing was written
     * @throws OutcomeUnknownException when it failed after some key was created: read each key back to learn
     */
    default List<Boolean> putAllIfAbsentVisibleFirst(List<String> keys, byte[] data) {
        List<Boolean> created = new ArrayList<>(keys.size());
        for (String key : keys) {
            try {
                created.add(putIfAbsentVisibleFirst(key, data, null));
            } catch (StorageException e) {
                if (e instanceof OutcomeUnknownException || !created.contains(Boolean.TRUE)) {
                    throw e;
                }
                throw new OutcomeUnknownException(e, "created %d of %d objects, then: %s",
                        created.stream().filter(c -> c).count(), keys.size(), e.getMessage());
            }
        }
        return created;
    }

    /** Makes the object at {@code key} durable, whoever wrote it (nothing to do for one that is already). */
    void sync(String key);

    /**
     * Writes an object whole (readers see the old object or the new one, never a mix) without making it durable:
     * after a crash of the machine it may be absent or empty. For objects derived from others and checked against
     * them when read (a model log's checkpoints), whose syncs would only delay everyone else's.
     */
    void putUnsynced(String key, byte[] data);
}
