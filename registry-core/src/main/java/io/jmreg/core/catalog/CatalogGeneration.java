package io.jmreg.core.catalog;

import java.time.Instant;
import java.util.Map;

/**
 * A generation of the catalog index, written create-only (the winner of a race is the generation): the log
 * position of every model it holds and the object with their states. Small, so that a process already caught up
 * learns from {@code positions} alone which models a newer generation moved.
 *
 * @param schema     document schema version
 * @param generation its number (1, 2, ...)
 * @param createdAt  when it was written
 * @param states     key of the {@link CatalogStates} object
 * @param positions  model name to the log sequence number its state is at
 */
record CatalogGeneration(int schema, long generation, Instant createdAt, String states, Map<String, Long> positions) {
    /** Current schema. */
    static final int SCHEMA = 1;
}
