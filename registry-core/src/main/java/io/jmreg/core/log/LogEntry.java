package io.jmreg.core.log;

import io.jmreg.api.model.ModelVersion;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One immutable change of a model, stored create-only at the next sequence number. The log of a model is
 * its history: replaying it gives the state at any entry, and every entry names when and by whom.
 *
 * @param schema     document schema version
 * @param seq        sequence number, 1-based, gap-free
 * @param commitId   unique id of the commit attempt (tells an ambiguous write's owner)
 * @param at         commit time
 * @param by         principal
 * @param op         the change
 * @param version    the version concerned
 * @param record     for REGISTER: the full record
 * @param alias      for alias changes: the alias
 * @param metrics    for UPDATE_METRICS: metrics merged in
 * @param tagsAdd    for UPDATE_TAGS: tags added
 * @param tagsRemove for UPDATE_TAGS: tags removed
 */
public record LogEntry(int schema, long seq, String commitId, Instant at, String by, Op op, String version,
                       ModelVersion record, String alias, Map<String, Double> metrics, Set<String> tagsAdd,
                       Set<String> tagsRemove) {
    /** Current schema of log entries. */
    public static final int SCHEMA = 1;

    /** Kinds of change. */
    public enum Op {
        /** A new version. */
        REGISTER,
        /** A version deleted (its number retired). */
        DELETE,
        /** An alias created or moved. */
        SET_ALIAS,
        /** An alias removed. */
        REMOVE_ALIAS,
        /** Metrics merged into a version. */
        UPDATE_METRICS,
        /** Tags added to or removed from a version. */
        UPDATE_TAGS
    }

    /** A proposed change; the log stamps sequence, id, time and principal. */
    public static LogEntry of(Op op, String version, ModelVersion record, String alias, Map<String, Double> metrics,
                              Set<String> tagsAdd, Set<String> tagsRemove) {
        return new LogEntry(SCHEMA, 0, null, null, null, op, version, record, alias, metrics, tagsAdd, tagsRemove);
    }

    LogEntry stamped(long newSeq, String newCommitId, Instant newAt, String newBy) {
        return new LogEntry(SCHEMA, newSeq, newCommitId, newAt, newBy, op, version, record, alias, metrics, tagsAdd,
                tagsRemove);
    }
}
