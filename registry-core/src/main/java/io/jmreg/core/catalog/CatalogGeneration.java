package io.jmreg.core.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A generation of the catalog index, written create-only (the winner of a race is the generation): the log
 * position of every model it holds and the shards holding their states. Small, so that a process already caught up
 * learns from {@code positions} alone which models a newer generation moved, and so that a new process loads only
 * the shards its queries need.
 *
 * @param schema     document schema version
 * @param generation its number (1, 2, ...)
 * @param createdAt  when it was written
 * @param shards     the {@link CatalogStates} objects, in name order, each covering a contiguous range of models
 * @param positions  model name to the log sequence number its state is at
 */
record CatalogGeneration(int schema, long generation, Instant createdAt, List<Shard> shards,
                         Map<String, Long> positions) {
    /** Current schema. */
    static final int SCHEMA = 1;

    /**
     * One states object.
     *
     * @param key   its key
     * @param first the first model name it holds
     * @param last  the last model name it holds
     */
    record Shard(String key, String first, String last) {
    }
}
