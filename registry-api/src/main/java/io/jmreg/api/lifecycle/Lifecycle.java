package io.jmreg.api.lifecycle;

import io.jmreg.api.model.ModelVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The lifecycle of versions (reached with {@link io.jmreg.api.ModelRegistry#lifecycle()}): the stage machine,
 * promotion with quality gates, approvals (four eyes), deployments with traffic splits, rollback, comparison and time
 * travel. Every call runs as the registry's (or view's) principal and is authorized and audited like any other.
 */
public interface Lifecycle {

    /** The lifecycle state machine in force. */
    StageMachine stageMachine();

    /**
     * Moves a version to {@code stage} if the state machine allows it and every gate holds. Gates are expressions
     * over metrics and record fields, e.g. {@code evaluation.accuracy >= 0.85} or
     * {@code quality_gates.safety_evaluation == passed}; their results are recorded on the version. On failure
     * nothing changes. Into a stage that needs approval, the promotion is recorded as a request (see
     * {@link #pendingPromotions}) and the version stays where it is until another principal approves it.
     *
     * @throws io.jmreg.api.exceptions.IllegalTransitionException naming the allowed stages
     * @throws io.jmreg.api.exceptions.GateFailedException listing each failing gate and its actual value
     */
    ModelVersion promote(String reference, String stage, String... gates);

    /** Every stage change of the referenced version, oldest first. */
    List<StageChange> stageHistory(String reference);

    /**
     * Approves the pending promotion of {@code reference} into {@code stage} (a stage that needs approval): the
     * approver must differ from the requester (and from the version's creator when the stage says so), admins
     * included; gates are evaluated again. A request voided by a change to the version is refused.
     */
    ModelVersion approve(String reference, String stage);

    /** Promotions of the model's versions waiting for approval. */
    List<PromotionRequest> pendingPromotions(String name);

    /** Deploys one version to an environment (100 % of its traffic) and moves the environment's alias to it. */
    EnvironmentDeployment deploy(String reference, String environment, String endpoint, int replicas);

    /**
     * Deploys {@code reference} with {@code adapters} (adapter versions made for it: their base model or compatible
     * base models name it) served on top of it; the deployment history then says which adapters each environment
     * served, and when.
     */
    EnvironmentDeployment deploy(String reference, String environment, String endpoint, int replicas,
                                 List<String> adapters);

    /**
     * Deploys an A/B split of versions of {@code name} to an environment; percentages must add up to 100. The
     * environment's alias moves to the version with the largest share.
     */
    EnvironmentDeployment deploy(String name, String environment, List<TrafficSplit> splits, String endpoint,
                                 int replicas);

    /** Restores what the environment served before its current deployment; repeated calls walk further back. */
    EnvironmentDeployment rollback(String name, String environment);

    /** What each environment serves now. */
    Map<String, EnvironmentDeployment> deployments(String name);

    /** Every deployment and rollback of an environment, oldest first. */
    List<EnvironmentDeployment> deploymentHistory(String name, String environment);

    /**
     * Compares two versions; the winner is chosen on {@code metric} (null for none) where higher is better
     * unless {@code higherIsBetter} is false.
     */
    Comparison compare(String referenceA, String referenceB, String metric, boolean higherIsBetter);

    /** The model's stages, aliases and deployments as they were at {@code instant}, from the commit log. */
    ModelSnapshot stateAt(String name, Instant instant);
}
