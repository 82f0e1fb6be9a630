package io.jmreg.core.log;

import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.json.Json;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Writes a new model's whole log at once in the stored format, for generating large stores (the scale benchmark):
 * one create-only {@code REGISTER} entry per record, in order, with the checkpoints a committing writer would have
 * written, through the same entry, state and checkpoint types as {@link ModelLog}. It bypasses the operation
 * pipeline: no change hints, no audit entries, no events. Not for use on a store that others write.
 */
public final class BulkLogWriter {
    private final StorageBackend backend;

    /** A writer into {@code backend}. */
    public BulkLogWriter(StorageBackend backend) {
        this.backend = backend;
    }

    /**
     * Writes the log of model {@code name}: one entry per record of {@code records} (each record's {@code created}
     * is its commit time), committed by {@code by}. Fails when the model already has an entry.
     */
    public void writeModel(String name, List<ModelVersion> records, String by) {
        ModelState state = ModelState.empty(name);
        for (ModelVersion record : records) {
            if (!record.name().equals(name)) {
                throw new IllegalArgumentException("record " + record.reference() + " is not of model " + name);
            }
            Instant at = record.created();
            LogEntry entry = LogEntry.register(record).stamped(state.seq() + 1, UUID.randomUUID().toString(), at, by);
            String key = StoreLayout.logKey(name, entry.seq());
            if (!backend.putIfAbsent(key, Json.write(entry))) {
                throw new StorageException("%s exists: the bulk writer only writes new models", key);
            }
            state = state.apply(entry);
            if (ModelLog.isCheckpoint(state.seq())) {
                backend.putBytes(StoreLayout.checkpointKey(name, state.seq()), Json.write(state.toCheckpoint()));
            }
        }
    }
}
