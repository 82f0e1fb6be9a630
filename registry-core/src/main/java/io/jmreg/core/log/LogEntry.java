package io.jmreg.core.log;

import io.jmreg.api.lifecycle.GateResult;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.json.Json;

import java.time.Instant;
import java.util.List;
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
 * @param stage       for SET_STAGE: the new stage
 * @param gates       for SET_STAGE: the gate results
 * @param environment for DEPLOY and ROLLBACK: the environment
 * @param splits      for DEPLOY: versions and traffic shares
 * @param endpoint    for DEPLOY: serving endpoint
 * @param replicas    for DEPLOY: replica count
 * @param adapters    for DEPLOY: adapter versions served with the base version
 * @param description for UPDATE_DESCRIPTION: the version's new description; for UPDATE_MODEL_DESCRIPTION: the
 *                    model's new card (empty: none)
 * @param audit       what the entry's audit entry will say (absent in entries written before audit entries were
 *                    sealed after the commit, and in entries of a registry whose caller is not audited)
 */
public record LogEntry(int schema, long seq, String commitId, Instant at, String by, Op op, String version,
                       ModelVersion record, String alias, Map<String, Double> metrics, Set<String> tagsAdd,
                       Set<String> tagsRemove, String stage, List<GateResult> gates, String environment,
                       List<TrafficSplit> splits, String endpoint, Integer replicas, List<String> adapters,
                       String description, AuditIntent audit) {
    /**
     * Whether a log entry's stored bytes are those of an <em>aborted</em> write: none at all. A local store makes a
     * log entry visible before it is durable (it links the file, then syncs it), so a crash of the machine in
     * between can leave the entry empty; its writer never returned, and nobody built on it (a commit on top of an
     * entry written by another syncs it first). Readers pass such an entry: it changes nothing.
     */
    public static boolean isAborted(byte[] stored) {
        return stored.length == 0;
    }

    /**
     * Entry {@code seq} of {@code model} parsed from what is stored at {@code key}: the stored bytes, or the entry's own
     * part of a group commit's file (see {@link EntryBatch}). Not for an aborted (empty) entry.
     */
    public static LogEntry read(byte[] stored, String model, long seq, String key) {
        return Json.read(EntryBatch.entryOf(stored, model, seq, key), LogEntry.class, key);
    }

    /** Newest schema of log entries this library reads; entries of the first six operations are written as 1. */
    public static final int SCHEMA = 5;

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
        UPDATE_TAGS,
        /** A version moved to another lifecycle stage (schema 2). */
        SET_STAGE,
        /** An environment deployed (schema 2). */
        DEPLOY,
        /** An environment rolled back to its previous deployment (schema 2). */
        ROLLBACK,
        /** A promotion into a stage that needs approval, requested (schema 3). */
        REQUEST_STAGE,
        /** A version's description replaced (schema 4). */
        UPDATE_DESCRIPTION,
        /** The model's own description (its model card) replaced; names no version (schema 5). */
        UPDATE_MODEL_DESCRIPTION;

        int schema() {
            return ordinal() <= UPDATE_TAGS.ordinal() ? 1 : ordinal() <= ROLLBACK.ordinal() ? 2
                    : ordinal() <= REQUEST_STAGE.ordinal() ? 3 : ordinal() <= UPDATE_DESCRIPTION.ordinal() ? 4 : 5;
        }
    }

    /** A proposed registration of {@code record}; the log stamps sequence, id, time and principal. */
    public static LogEntry register(ModelVersion record) {
        return change(Op.REGISTER, record.version(), record, null, null, null, null);
    }

    /** A proposed deletion (the number is retired). */
    public static LogEntry delete(String version) {
        return change(Op.DELETE, version, null, null, null, null, null);
    }

    /** A proposed alias creation or move. */
    public static LogEntry setAlias(String alias, String version) {
        return change(Op.SET_ALIAS, version, null, alias, null, null, null);
    }

    /** A proposed alias removal ({@code version} is what it pointed to). */
    public static LogEntry removeAlias(String alias, String version) {
        return change(Op.REMOVE_ALIAS, version, null, alias, null, null, null);
    }

    /** Proposed metrics merged into a version. */
    public static LogEntry updateMetrics(String version, Map<String, Double> metrics) {
        return change(Op.UPDATE_METRICS, version, null, null, Map.copyOf(metrics), null, null);
    }

    /** Proposed tags added to and removed from a version. */
    public static LogEntry updateTags(String version, Set<String> add, Set<String> remove) {
        return change(Op.UPDATE_TAGS, version, null, null, null, Set.copyOf(add), Set.copyOf(remove));
    }

    private static LogEntry change(Op op, String version, ModelVersion record, String alias, Map<String, Double> metrics,
                                   Set<String> tagsAdd, Set<String> tagsRemove) {
        return new LogEntry(op.schema(), 0, null, null, null, op, version, record, alias, metrics, tagsAdd, tagsRemove,
                null, null, null, null, null, null, null, null, null);
    }

    /** A proposed new description of a version (empty: none). */
    public static LogEntry updateDescription(String version, String description) {
        return new LogEntry(Op.UPDATE_DESCRIPTION.schema(), 0, null, null, null, Op.UPDATE_DESCRIPTION, version, null,
                null, null, null, null, null, null, null, null, null, null, null, description, null);
    }

    /** A proposed new model card of the model (empty: none). */
    public static LogEntry updateModelDescription(String description) {
        return new LogEntry(Op.UPDATE_MODEL_DESCRIPTION.schema(), 0, null, null, null, Op.UPDATE_MODEL_DESCRIPTION, null,
                null, null, null, null, null, null, null, null, null, null, null, null, description, null);
    }

    /** A proposed stage change. */
    public static LogEntry stage(String version, String stage, List<GateResult> gates) {
        return new LogEntry(Op.SET_STAGE.schema(), 0, null, null, null, Op.SET_STAGE, version, null, null, null, null, null,
                stage, gates, null, null, null, null, null, null, null);
    }

    /** A requested promotion into a stage that needs approval (the gates as evaluated now). */
    public static LogEntry requestStage(String version, String stage, List<GateResult> gates) {
        return new LogEntry(Op.REQUEST_STAGE.schema(), 0, null, null, null, Op.REQUEST_STAGE, version, null, null, null,
                null, null, stage, List.copyOf(gates), null, null, null, null, null, null, null);
    }

    /** A proposed deployment, with the adapters served on its base version (none: empty). */
    public static LogEntry deploy(String environment, List<TrafficSplit> splits, String endpoint, Integer replicas,
                                  List<String> adapters) {
        return new LogEntry(Op.DEPLOY.schema(), 0, null, null, null, Op.DEPLOY, null, null, null, null, null, null, null,
                null, environment, splits, endpoint, replicas, adapters == null || adapters.isEmpty() ? null
                : List.copyOf(adapters), null, null);
    }

    /** A proposed rollback. */
    public static LogEntry rollback(String environment) {
        return new LogEntry(Op.ROLLBACK.schema(), 0, null, null, null, Op.ROLLBACK, null, null, null, null, null, null,
                null, null, environment, null, null, null, null, null, null);
    }

    LogEntry stamped(long newSeq, String newCommitId, Instant newAt, String newBy) {
        return new LogEntry(schema, newSeq, newCommitId, newAt, newBy, op, version, record, alias, metrics, tagsAdd,
                tagsRemove, stage, gates, environment, splits, endpoint, replicas, adapters, description, audit);
    }

    /** This entry, carrying what its audit entry will say. */
    LogEntry withAudit(AuditIntent intent) {
        return new LogEntry(schema, seq, commitId, at, by, op, version, record, alias, metrics, tagsAdd, tagsRemove, stage,
                gates, environment, splits, endpoint, replicas, adapters, description, intent);
    }
}
