package io.jmreg.core.pipeline;

import io.jmreg.api.Registration;
import io.jmreg.api.lifecycle.TrafficSplit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The description of one call of a public operation: which operation it is (and so the permission it needs,
 * {@link RegistryOperation#permission()}) and every resource it reads or changes ({@link Resource}: the version or
 * model it names, the alias, environment, kind and tags it writes, and the further versions it reads or acts on: both
 * sides of a comparison, each adapter a deployment serves, each version of a traffic split, the parents and base a
 * registration names). Authorization, audit and observers read it. There is one factory per operation, used alike by
 * the facade, its views and bulk changes, and so by the CLI, the server and the web UI, which call the API; a call
 * that builds no description cannot pass the pipeline.
 *
 * @param kind     the operation
 * @param resource what it reads and changes
 */
public record Operation(RegistryOperation kind, Resource resource) {
    /** Requires both. */
    public Operation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resource, "resource");
    }

    /** Registering {@code r}: its model, kind and tags, and the parents and base model it names. */
    public static Operation register(Registration r) {
        List<String> named = new ArrayList<>();
        if (r.lineage() != null) {
            named.addAll(r.lineage().parents());
            named.add(r.lineage().baseModel());
        }
        return new Operation(RegistryOperation.REGISTER, Resource.registration(r.name(), r.kind(), r.tags()).with(named));
    }

    /** Listing model names (narrowed to what the caller may read). */
    public static Operation listModels() {
        return new Operation(RegistryOperation.LIST_MODELS, Resource.registry());
    }

    /** A model's summary. */
    public static Operation getModel(String name) {
        return new Operation(RegistryOperation.GET_MODEL, Resource.model(name));
    }

    /** A model's versions. */
    public static Operation listVersions(String name) {
        return new Operation(RegistryOperation.LIST_VERSIONS, Resource.model(name));
    }

    /** Resolving (or watching) a reference. */
    public static Operation resolve(String reference) {
        return new Operation(RegistryOperation.RESOLVE, Resource.reference(reference));
    }

    /** Pointing alias {@code alias} of {@code name} at {@code version}. */
    public static Operation setAlias(String name, String alias, String version) {
        return new Operation(RegistryOperation.SET_ALIAS, Resource.alias(name, alias, version));
    }

    /** Removing alias {@code alias} of {@code name}. */
    public static Operation removeAlias(String name, String alias) {
        return new Operation(RegistryOperation.REMOVE_ALIAS, Resource.alias(name, alias, null));
    }

    /** Reading a model's aliases or their history. */
    public static Operation readAliases(String name) {
        return new Operation(RegistryOperation.READ_ALIASES, Resource.model(name));
    }

    /** Merging metrics into a version. */
    public static Operation updateMetrics(String reference) {
        return new Operation(RegistryOperation.UPDATE_METRICS, Resource.reference(reference));
    }

    /** Replacing a version's description. */
    public static Operation updateDescription(String reference) {
        return new Operation(RegistryOperation.UPDATE_DESCRIPTION, Resource.reference(reference));
    }

    /** Replacing a model's card (its own description): the model. */
    public static Operation updateModelDescription(String name) {
        return new Operation(RegistryOperation.UPDATE_MODEL_DESCRIPTION, Resource.model(name));
    }

    /** Changing a version's tags: the version as it is and as it will be. */
    public static Operation updateTags(String reference, Set<String> add, Set<String> remove) {
        return new Operation(RegistryOperation.UPDATE_TAGS, Resource.tagChange(reference, add, remove));
    }

    /** Deleting a version. */
    public static Operation deleteVersion(String reference) {
        return new Operation(RegistryOperation.DELETE_VERSION, Resource.reference(reference));
    }

    /** Materialising a version's files. */
    public static Operation pull(String reference) {
        return new Operation(RegistryOperation.PULL, Resource.reference(reference));
    }

    /** Streaming one artifact file. */
    public static Operation openArtifact(String reference) {
        return new Operation(RegistryOperation.OPEN_ARTIFACT, Resource.reference(reference));
    }

    /** Writing a version as one archive. */
    public static Operation archive(String reference) {
        return new Operation(RegistryOperation.ARCHIVE, Resource.reference(reference));
    }

    /** Checking this process's pull cache. */
    public static Operation verifyCache() {
        return new Operation(RegistryOperation.VERIFY_CACHE, Resource.registry());
    }

    /** Reading the configured state machine. */
    public static Operation readConfiguration() {
        return new Operation(RegistryOperation.READ_CONFIGURATION, Resource.registry());
    }

    /** Promoting a version. */
    public static Operation promote(String reference) {
        return new Operation(RegistryOperation.PROMOTE, Resource.reference(reference));
    }

    /** Approving a pending promotion. */
    public static Operation approve(String reference) {
        return new Operation(RegistryOperation.APPROVE, Resource.reference(reference));
    }

    /** A version's stage history. */
    public static Operation stageHistory(String reference) {
        return new Operation(RegistryOperation.STAGE_HISTORY, Resource.reference(reference));
    }

    /** A model's pending promotions. */
    public static Operation pendingPromotions(String name) {
        return new Operation(RegistryOperation.STAGE_HISTORY, Resource.model(name));
    }

    /** Deploying {@code reference} to {@code environment}, serving {@code adapters} (each authorized; may be null). */
    public static Operation deploy(String reference, String environment, List<String> adapters) {
        return new Operation(RegistryOperation.DEPLOY, Resource.environment(null, reference, environment)
                .with(adapters));
    }

    /** Deploying versions of {@code name} to {@code environment} in a traffic split (each version authorized). */
    public static Operation deploySplits(String name, String environment, List<TrafficSplit> splits) {
        List<String> versions = new ArrayList<>();
        if (name != null && splits != null) {
            for (TrafficSplit split : splits) {
                if (split != null && split.version() != null) {
                    versions.add(name + ":" + split.version());
                }
            }
        }
        return new Operation(RegistryOperation.DEPLOY, Resource.environment(name, null, environment).with(versions));
    }

    /** Rolling {@code environment} of {@code name} back (the target the work finds is authorized when found). */
    public static Operation rollback(String name, String environment) {
        return new Operation(RegistryOperation.ROLLBACK, Resource.environment(name, null, environment));
    }

    /** Reading a model's deployments or their history. */
    public static Operation readDeployments(String name) {
        return new Operation(RegistryOperation.READ_DEPLOYMENTS, Resource.model(name));
    }

    /** Comparing two versions: both sides. */
    public static Operation compare(String referenceA, String referenceB) {
        return new Operation(RegistryOperation.COMPARE, Resource.reference(referenceA)
                .with(Collections.singletonList(referenceB)));
    }

    /** A model's state at an instant. */
    public static Operation stateAt(String name) {
        return new Operation(RegistryOperation.STATE_AT, Resource.model(name));
    }

    /** Navigating lineage from a version. */
    public static Operation lineage(String reference) {
        return new Operation(RegistryOperation.LINEAGE, Resource.reference(reference));
    }

    /** A search, recommendation or statistics across the registry. */
    public static Operation search() {
        return new Operation(RegistryOperation.SEARCH, Resource.registry());
    }

    /** A search starting from one version (similar versions, compatible adapters or base models). */
    public static Operation searchFrom(String reference) {
        return new Operation(RegistryOperation.SEARCH, Resource.reference(reference));
    }

    /** Collecting garbage. */
    public static Operation collectGarbage() {
        return new Operation(RegistryOperation.COLLECT_GARBAGE, Resource.registry());
    }

    /** A registry-wide operation: the policy, the audit trail, webhooks (never one on models). */
    public static Operation registryWide(RegistryOperation kind) {
        if (kind.permission() != null && kind.permission().id().startsWith("models:")) {
            throw new IllegalArgumentException(kind + " acts on models: use its own description");
        }
        return new Operation(kind, Resource.registry());
    }
}
