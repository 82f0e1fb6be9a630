package io.jmreg.core.log;

import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.PromotionRequest;
import io.jmreg.api.lifecycle.StageChange;
import io.jmreg.api.model.AliasChange;
import io.jmreg.api.model.ModelVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The full state of a model as of one log entry, so that reading a model never replays an unbounded log.
 * Derived data: losing one only costs a longer replay.
 *
 * @param schema       document schema version
 * @param name         model name
 * @param seq          the log entry it reflects
 * @param updatedAt    time of that entry
 * @param versions     live versions
 * @param retired      deleted version numbers (never reused)
 * @param aliases      alias to version
 * @param aliasHistory every alias change
 * @param stageHistory every stage change (schema 2; absent in older checkpoints)
 * @param environments per environment, its deployment stack (current last)
 * @param deploymentHistory every deployment and rollback
 * @param pendingPromotions promotions waiting for approval, per version (schema 3; absent in older checkpoints)
 * @param description  the model card (schema 4, written only when the model has one; absent: none)
 */
public record Checkpoint(int schema, String name, long seq, Instant updatedAt, List<ModelVersion> versions,
                         List<String> retired, Map<String, String> aliases, List<AliasChange> aliasHistory,
                         List<StageChange> stageHistory, Map<String, List<EnvironmentDeployment>> environments,
                         List<EnvironmentDeployment> deploymentHistory,
                         Map<String, PromotionRequest> pendingPromotions,
                         String description) {
    /** Newest schema of checkpoints this library reads. */
    public static final int SCHEMA = 4;
    /** The schema written for a model without a model card (readable by libraries that predate model cards). */
    public static final int SCHEMA_WITHOUT_CARD = 3;
}
