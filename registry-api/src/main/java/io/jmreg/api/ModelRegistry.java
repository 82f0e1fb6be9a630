package io.jmreg.api;

import io.jmreg.api.access.RegistryAccess;
import io.jmreg.api.audit.AuditTrail;
import io.jmreg.api.events.RegistryListener;
import io.jmreg.api.events.Subscription;
import io.jmreg.api.events.WatchListener;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.lifecycle.Comparison;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.ModelSnapshot;
import io.jmreg.api.lifecycle.PromotionRequest;
import io.jmreg.api.lifecycle.StageChange;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.AliasChange;
import io.jmreg.api.model.ArchiveFormat;
import io.jmreg.api.model.CacheReport;
import io.jmreg.api.model.GcReport;
import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.BulkOperations;
import io.jmreg.api.search.RegistrySearch;
import io.jmreg.api.webhooks.Webhooks;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * An embedded model registry over one store. Thread-safe; share one instance per store and process,
 * and close it when done.
 *
 * <pre>{@code
 * try (ModelRegistry registry = ModelRegistry.open("file:/var/models")) {
 *     registry.registerModel(Registration.builder("sentiment").version("1.0.0").artifacts(dir).build());
 *     registry.setAlias("sentiment", "production", "1.0.0");
 *     Path files = registry.pull("sentiment@production");
 * }
 * }</pre>
 */
public interface ModelRegistry extends AutoCloseable {

    /** Opens the registry at {@code uri} ({@code mem:}, {@code mem:name}, {@code file:/path}, {@code s3://bucket/prefix}). */
    static ModelRegistry open(String uri) {
        return open(RegistryOptions.of(uri));
    }

    /** Opens a registry with options; the implementation is found with {@link ServiceLoader}. */
    static ModelRegistry open(RegistryOptions options) {
        return RegistryFactories.find(options.uri()).open(options);
    }

    /** Registers a new version: artifacts are stored first, then one atomic commit makes the version visible. */
    ModelVersion registerModel(Registration registration);

    /** {@link #registerModel(Registration)}, telling {@code progress} as each artifact file is stored. */
    ModelVersion registerModel(Registration registration, TransferProgress progress);

    /** Names of all models, sorted. */
    List<String> listModels();

    /** A summary of one model. */
    ModelSummary getModel(String name);

    /**
     * Replaces the model card of {@code name}: Markdown describing the model as a whole (the web UI renders it on the
     * model page; null or blank removes it; at most 65536 characters), a log entry of the model like any change;
     * needs {@code models:update} on the model under a policy. Returns the model's summary with the new card.
     */
    ModelSummary updateModelDescription(String name, String description);

    /** Live versions of a model in Semantic Versioning precedence order, lowest first. */
    List<ModelVersion> listVersions(String name);

    /** Resolves a reference (SPEC 2) to exactly one version. */
    ModelVersion resolve(String reference);

    /** Points {@code alias} at {@code version} atomically (creating or moving it); returns the target. */
    ModelVersion setAlias(String name, String alias, String version);

    /** Removes an alias. */
    void removeAlias(String name, String alias);

    /** Current aliases of a model. */
    Map<String, String> aliases(String name);

    /** Every change of an alias, oldest first. */
    List<AliasChange> aliasHistory(String name, String alias);

    /** Merges metrics into the referenced version (existing names are overwritten). */
    ModelVersion updateMetrics(String reference, Map<String, Double> metrics);

    /** Adds and removes tags of the referenced version. */
    ModelVersion updateTags(String reference, Set<String> add, Set<String> remove);

    /**
     * Replaces the referenced version's description (Markdown as the web UI renders it; null or blank removes it;
     * at most 65536 characters), a log entry like any change; needs {@code models:update} under a policy.
     */
    ModelVersion updateDescription(String reference, String description);

    /** Deletes the referenced version; its number is never reused. Refused while an alias points at it. */
    void deleteVersion(String reference);

    /** Materialises a verified copy of the version's artifacts in the local cache and returns its directory. */
    Path pull(String reference);

    /** Materialises a verified copy of the version's artifacts in {@code directory}; returns it. */
    Path pull(String reference, Path directory);

    /** {@link #pull(String)}, telling {@code progress} as each file is in the cache. */
    Path pull(String reference, TransferProgress progress);

    /** {@link #pull(String, Path)}, telling {@code progress} as each file is placed. */
    Path pull(String reference, Path directory, TransferProgress progress);

    /** Streams one verified artifact file. */
    InputStream openArtifact(String reference, String path);

    /** Streams {@code length} bytes of a verified artifact file from {@code offset}. */
    InputStream openArtifact(String reference, String path, long offset, long length);

    /**
     * Writes every artifact file of the referenced version, each verified against its SHA-256, into {@code out} as one
     * zip or tar archive (entries named by their artifact paths), streamed file by file; audited as one download.
     * {@code out} is not closed.
     */
    void writeArchive(String reference, ArchiveFormat format, OutputStream out);

    /**
     * Re-hashes every file of the local pull cache (blobs and pulled snapshots) and repairs what was modified:
     * corrupt blobs are removed (and fetched again on their next use), modified or missing snapshot files restored.
     */
    CacheReport verifyCache();

    // ---- lifecycle, promotion, deployment (SPEC 5) ----

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
    EnvironmentDeployment deploy(String name, String environment, List<TrafficSplit> splits, String endpoint, int replicas);

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

    /** Registers a listener for events committed by this registry instance (and its views); close to remove it. */
    Subscription addListener(RegistryListener listener);

    /** Lineage navigation over this registry. */
    LineageTracker lineage();

    /** Searching versions and models with the query language. */
    RegistrySearch search();

    /** Changes to every version a query selects, version by version. */
    BulkOperations bulk();

    /** The access policy: who may do what (none installed: everything is allowed). */
    RegistryAccess access();

    /**
     * Watches {@code reference} (typically {@code name@production}): {@code listener} is told, within
     * {@code maxDelay}, whenever it resolves to a different version, whoever moved it. Each poll costs one small
     * read per watched model (the next log entry's existence), no listing. Close the subscription to stop.
     *
     * @throws io.jmreg.api.exceptions.AccessDeniedException when the principal may not read the model
     */
    Subscription watch(String reference, Duration maxDelay, WatchListener listener);

    /** The audit trail: query, export, verify, checkpoint (needs {@code registry:audit} under a policy). */
    AuditTrail audit();

    /**
     * Webhook subscriptions and their deliveries (managed with {@code access_control:manage} or
     * {@code registry:webhooks} under a policy).
     */
    default Webhooks webhooks() {
        throw new OperationNotAllowedException("%s does not manage webhooks", uri());
    }

    /** Removes blobs no live version references and that are older than {@code grace}. */
    GcReport collectGarbage(Duration grace);

    /**
     * A view of this registry acting as {@code principal}: every operation through it runs, is recorded and (once
     * access control is configured) is authorized as that principal. Cheap and thread-safe, for a server handling
     * many users; it shares this registry's caches, and closing it does nothing (close this registry).
     */
    ModelRegistry as(String principal);

    /**
     * Like {@link #as(String)}, with details recorded in every audit entry of the view's operations (a server passes
     * each request's source address and client this way).
     */
    default ModelRegistry as(String principal, Map<String, String> auditDetails) {
        return as(principal);
    }

    /** The principal this registry (or view) acts as. */
    String principal();

    /** The URI this registry was opened on. */
    String uri();

    /** Releases the backend and caches. */
    @Override
    void close();
}
