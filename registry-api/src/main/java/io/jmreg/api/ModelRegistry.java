package io.jmreg.api;

import io.jmreg.api.access.RegistryAccess;
import io.jmreg.api.audit.AuditTrail;
import io.jmreg.api.events.RegistryListener;
import io.jmreg.api.events.Subscription;
import io.jmreg.api.events.WatchListener;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.lifecycle.Comparison;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.Lifecycle;
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

    /**
     * {@link #registerModel(Registration)} with options: {@link TransferOptions#progress()} is told as each artifact
     * file is stored (a registration takes no {@link TransferOptions#directory()}: a {@code ValidationException}).
     */
    default ModelVersion registerModel(Registration registration, TransferOptions options) {
        throw new OperationNotAllowedException("%s does not register with transfer options", uri());
    }

    /**
     * {@link #registerModel(Registration)}, telling {@code progress} as each artifact file is stored.
     *
     * @deprecated use {@code registerModel(registration, TransferOptions.progress(progress))}
     */
    @Deprecated
    default ModelVersion registerModel(Registration registration, TransferProgress progress) {
        return registerModel(registration, TransferOptions.progress(progress));
    }

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

    /**
     * Materialises a verified copy of the version's artifacts in {@link TransferOptions#directory()} (or, without one,
     * in the local cache) and returns its directory, telling {@link TransferOptions#progress()} as each file is placed.
     */
    default Path pull(String reference, TransferOptions options) {
        throw new OperationNotAllowedException("%s does not pull with transfer options", uri());
    }

    /**
     * {@link #pull(String)}, telling {@code progress} as each file is in the cache.
     *
     * @deprecated use {@code pull(reference, TransferOptions.progress(progress))}
     */
    @Deprecated
    default Path pull(String reference, TransferProgress progress) {
        return pull(reference, TransferOptions.progress(progress));
    }

    /**
     * {@link #pull(String, Path)}, telling {@code progress} as each file is placed.
     *
     * @deprecated use {@code pull(reference, TransferOptions.builder().directory(directory).progress(progress).build())}
     */
    @Deprecated
    default Path pull(String reference, Path directory, TransferProgress progress) {
        return pull(reference, TransferOptions.builder().directory(directory).progress(progress).build());
    }

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

    /**
     * The lifecycle of versions: stage machine, promotion with gates, approvals, deployments, rollback, comparison
     * and time travel.
     */
    default Lifecycle lifecycle() {
        throw new OperationNotAllowedException("%s does not manage lifecycles", uri());
    }

    /**
     * {@link Lifecycle#stageMachine()}.
     *
     * @deprecated use {@code lifecycle().stageMachine()}
     */
    @Deprecated
    default StageMachine stageMachine() {
        return lifecycle().stageMachine();
    }

    /**
     * {@link Lifecycle#promote(String, String, String...)}.
     *
     * @deprecated use {@code lifecycle().promote(reference, stage, gates)}
     */
    @Deprecated
    default ModelVersion promote(String reference, String stage, String... gates) {
        return lifecycle().promote(reference, stage, gates);
    }

    /**
     * {@link Lifecycle#stageHistory(String)}.
     *
     * @deprecated use {@code lifecycle().stageHistory(reference)}
     */
    @Deprecated
    default List<StageChange> stageHistory(String reference) {
        return lifecycle().stageHistory(reference);
    }

    /**
     * {@link Lifecycle#approve(String, String)}.
     *
     * @deprecated use {@code lifecycle().approve(reference, stage)}
     */
    @Deprecated
    default ModelVersion approve(String reference, String stage) {
        return lifecycle().approve(reference, stage);
    }

    /**
     * {@link Lifecycle#pendingPromotions(String)}.
     *
     * @deprecated use {@code lifecycle().pendingPromotions(name)}
     */
    @Deprecated
    default List<PromotionRequest> pendingPromotions(String name) {
        return lifecycle().pendingPromotions(name);
    }

    /**
     * {@link Lifecycle#deploy(String, String, String, int)}.
     *
     * @deprecated use {@code lifecycle().deploy(reference, environment, endpoint, replicas)}
     */
    @Deprecated
    default EnvironmentDeployment deploy(String reference, String environment, String endpoint, int replicas) {
        return lifecycle().deploy(reference, environment, endpoint, replicas);
    }

    /**
     * {@link Lifecycle#deploy(String, String, String, int, List)}.
     *
     * @deprecated use {@code lifecycle().deploy(reference, environment, endpoint, replicas, adapters)}
     */
    @Deprecated
    default EnvironmentDeployment deploy(String reference, String environment, String endpoint, int replicas,
                                         List<String> adapters) {
        return lifecycle().deploy(reference, environment, endpoint, replicas, adapters);
    }

    /**
     * {@link Lifecycle#deploy(String, String, List, String, int)}.
     *
     * @deprecated use {@code lifecycle().deploy(name, environment, splits, endpoint, replicas)}
     */
    @Deprecated
    default EnvironmentDeployment deploy(String name, String environment, List<TrafficSplit> splits, String endpoint,
                                         int replicas) {
        return lifecycle().deploy(name, environment, splits, endpoint, replicas);
    }

    /**
     * {@link Lifecycle#rollback(String, String)}.
     *
     * @deprecated use {@code lifecycle().rollback(name, environment)}
     */
    @Deprecated
    default EnvironmentDeployment rollback(String name, String environment) {
        return lifecycle().rollback(name, environment);
    }

    /**
     * {@link Lifecycle#deployments(String)}.
     *
     * @deprecated use {@code lifecycle().deployments(name)}
     */
    @Deprecated
    default Map<String, EnvironmentDeployment> deployments(String name) {
        return lifecycle().deployments(name);
    }

    /**
     * {@link Lifecycle#deploymentHistory(String, String)}.
     *
     * @deprecated use {@code lifecycle().deploymentHistory(name, environment)}
     */
    @Deprecated
    default List<EnvironmentDeployment> deploymentHistory(String name, String environment) {
        return lifecycle().deploymentHistory(name, environment);
    }

    /**
     * {@link Lifecycle#compare(String, String, String, boolean)}.
     *
     * @deprecated use {@code lifecycle().compare(referenceA, referenceB, metric, higherIsBetter)}
     */
    @Deprecated
    default Comparison compare(String referenceA, String referenceB, String metric, boolean higherIsBetter) {
        return lifecycle().compare(referenceA, referenceB, metric, higherIsBetter);
    }

    /**
     * {@link Lifecycle#stateAt(String, Instant)}.
     *
     * @deprecated use {@code lifecycle().stateAt(name, instant)}
     */
    @Deprecated
    default ModelSnapshot stateAt(String name, Instant instant) {
        return lifecycle().stateAt(name, instant);
    }

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
