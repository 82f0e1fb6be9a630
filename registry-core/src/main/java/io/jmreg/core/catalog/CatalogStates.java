package io.jmreg.core.catalog;

import io.jmreg.core.log.Checkpoint;

import java.util.List;

/**
 * Every model's state as of one catalog generation, in the checkpoint form (stored gzip-compressed).
 *
 * @param schema     document schema version
 * @param generation the generation it belongs to
 * @param models     one checkpoint per model
 */
record CatalogStates(int schema, long generation, List<Checkpoint> models) {
    /** Current schema. */
    static final int SCHEMA = 1;
}
