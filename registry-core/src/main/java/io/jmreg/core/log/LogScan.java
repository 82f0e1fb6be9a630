package io.jmreg.core.log;

import io.jmreg.api.exceptions.StorageException;
import io.jmreg.core.blobs.Sha256;
import io.jmreg.core.json.Json;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A model's log read straight from the store for verification: the digest of every entry's stored bytes, and the
 * first snapshot (log checkpoint) that disagrees with a replay of the entries it summarises.
 *
 * @param model          the model
 * @param digests        SHA-256 of entry {@code i + 1}'s stored bytes, for the gap-free prefix of the log
 * @param badSnapshot    key of the first snapshot whose versions, aliases or deployments differ from the replay, or null
 * @param badSnapshotSeq its position
 */
public record LogScan(String model, List<String> digests, String badSnapshot, long badSnapshotSeq) {
    /** The digest of an aborted entry's stored bytes (none: see {@link LogEntry#isAborted(byte[])}). */
    public static final String ABORTED_DIGEST = Sha256.of(new byte[0]);

    /** Reads every entry of {@code model}'s log and every snapshot of it. */
    public static LogScan of(StorageBackend backend, String model) {
        Set<Long> snapshots = new HashSet<>();
        for (String name : backend.listChildren(StoreLayout.checkpointPrefix(model))) {
            long seq = StoreLayout.sequenceOf(name);
            if (seq > 0) {
                snapshots.add(seq);
            }
        }
        List<String> digests = new ArrayList<>();
        ModelState state = ModelState.empty(model);
        boolean replaying = true;
        String badSnapshot = null;
        long badSeq = 0;
        for (long seq = 1; ; seq++) {
            String key = StoreLayout.logKey(model, seq);
            byte[] bytes;
            try {
                bytes = Json.bytesIfExists(backend, key).orElse(null);
            } catch (StorageException tooLarge) {
                bytes = tooLarge.getMessage().getBytes(StandardCharsets.UTF_8); // reported by its digest
            }
            if (bytes == null) {
                if (badSnapshot == null) { // a snapshot beyond the log's end is not one this library wrote
                    long beyond = snapshots.stream().filter(s -> s >= digests.size() + 1).min(Long::compare).orElse(0L);
                    if (beyond > 0) {
                        return new LogScan(model, digests, StoreLayout.checkpointKey(model, beyond), beyond);
                    }
                }
                return new LogScan(model, digests, badSnapshot, badSeq);
            }
            boolean damaged = false;
            try {
                bytes = EntryBatch.entryOf(bytes, model, seq, key); // its own part of a group commit's file
            } catch (StorageException e) {
                damaged = true; // reported by the digest of the whole file
            }
            digests.add(Sha256.of(bytes));
            if (!replaying || damaged) {
                replaying = false; // after a changed entry or a bad snapshot: only the digests are still wanted
                continue;
            }
            try {
                state = LogEntry.isAborted(bytes) ? state.passAborted(seq) : state.apply(Json.read(bytes, LogEntry.class, key));
            } catch (RuntimeException e) {
                replaying = false; // the changed entry is reported by its digest
                continue;
            }
            if (snapshots.contains(seq) && !agrees(backend, model, seq, state)) {
                badSnapshot = StoreLayout.checkpointKey(model, seq);
                badSeq = seq;
                replaying = false;
            }
        }
    }

    private static boolean agrees(StorageBackend backend, String model, long seq, ModelState replayed) {
        String key = StoreLayout.checkpointKey(model, seq);
        try {
            byte[] bytes = Json.bytes(backend, key);
            if (bytes.length == 0) {
                return true; // an unsynced checkpoint a crash left empty: readers skip it, it summarises nothing
            }
            Checkpoint stored = ModelState.of(Json.read(bytes, Checkpoint.class, key)).toCheckpoint();
            Checkpoint expected = replayed.toCheckpoint();
            return Objects.equals(json(stored.versions()), json(expected.versions()))
                    && Objects.equals(stored.aliases(), expected.aliases())
                    && Objects.equals(stored.retired(), expected.retired())
                    && Objects.equals(json(stored.environments()), json(expected.environments()));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String json(Object o) {
        return new String(Json.write(o), StandardCharsets.UTF_8);
    }
}
