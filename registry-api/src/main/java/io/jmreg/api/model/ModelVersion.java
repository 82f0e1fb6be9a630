package io.jmreg.api.model;

import io.jmreg.api.Names;
import io.jmreg.api.Versions;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.signing.VersionSignature;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The full record of one registered version (SPEC 3). Only name, version and created are required;
 * everything else defaults to empty.
 *
 * @param name         model name
 * @param version      Semantic Version
 * @param created      registration time
 * @param createdBy    principal that registered it
 * @param updatedAt    time of the last change to this record
 * @param description  free text
 * @param tags         tags
 * @param owner        owning team or person
 * @param type         llm, classification, layout, ocr, ...
 * @param tier         access tier
 * @param kind         model or adapter
 * @param stage        lifecycle stage (default {@code development})
 * @param modelInfo    model_info
 * @param trainingInfo training_info
 * @param metrics      named numbers such as {@code evaluation.accuracy}
 * @param artifacts    the artifact manifest
 * @param storage      storage facts
 * @param deployments  per environment
 * @param qualityGates named checks
 * @param lineage      lineage
 * @param custom       free-form JSON properties
 * @param signature    Ed25519 signature of name, version and manifest digest by the registering principal, or null
 */
public record ModelVersion(String name, String version, Instant created, String createdBy, Instant updatedAt,
                           String description, Set<String> tags, String owner, String type, Tier tier, Kind kind,
                           String stage, ModelInfo modelInfo, TrainingInfo trainingInfo, Map<String, Double> metrics,
                           ArtifactManifest artifacts, StorageInfo storage, Map<String, Deployment> deployments,
                           List<QualityGate> qualityGates, Lineage lineage, Map<String, Object> custom,
                           VersionSignature signature) {
    /** Validates the required fields and normalises the rest. */
    public ModelVersion {
        Names.requireModelName(name);
        Versions.requireVersion(version);
        if (created == null) {
            throw new ValidationException("created must not be null");
        }
        updatedAt = updatedAt == null ? created : updatedAt;
        tags = Copies.sortedSet(tags);
        tags.forEach(Names::requireTag);
        tier = tier == null ? Tier.STANDARD : tier;
        kind = kind == null ? Kind.MODEL : kind;
        stage = stage == null ? "development" : stage;
        modelInfo = modelInfo == null ? ModelInfo.empty() : modelInfo;
        trainingInfo = trainingInfo == null ? TrainingInfo.empty() : trainingInfo;
        metrics = Copies.sortedMap(metrics);
        metrics.forEach((k, v) -> Names.requireMetricValue(Names.requireMetricName(k), v));
        artifacts = artifacts == null ? ArtifactManifest.empty() : artifacts;
        storage = storage == null ? new StorageInfo(artifacts.totalSize(), null, null) : storage;
        deployments = Copies.sortedMap(deployments);
        qualityGates = Copies.list(qualityGates);
        lineage = lineage == null ? Lineage.empty() : lineage;
        custom = Copies.jsonMap(custom);
    }

    /** The exact reference of this version, {@code name:version}. */
    public String reference() {
        return name + ":" + version;
    }

    /** A builder for a version of {@code name}; name, version and created are required. */
    public static Builder builder(String name, String version, Instant created) {
        return new Builder().name(name).version(version).created(created);
    }

    /** A builder holding every field of this version, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().name(name).version(version).created(created).createdBy(createdBy).updatedAt(updatedAt)
                .description(description).tags(tags).owner(owner).type(type).tier(tier).kind(kind).stage(stage)
                .modelInfo(modelInfo).trainingInfo(trainingInfo).metrics(metrics).artifacts(artifacts).storage(storage)
                .deployments(deployments).qualityGates(qualityGates).lineage(lineage).custom(custom).signature(signature);
    }

    /** Fluent builder of {@link ModelVersion}; validation happens at {@link #build()}. */
    public static final class Builder {
        private String name;
        private String version;
        private Instant created;
        private String createdBy;
        private Instant updatedAt;
        private String description;
        private Set<String> tags;
        private String owner;
        private String type;
        private Tier tier;
        private Kind kind;
        private String stage;
        private ModelInfo modelInfo;
        private TrainingInfo trainingInfo;
        private Map<String, Double> metrics;
        private ArtifactManifest artifacts;
        private StorageInfo storage;
        private Map<String, Deployment> deployments;
        private List<QualityGate> qualityGates;
        private Lineage lineage;
        private Map<String, Object> custom;
        private VersionSignature signature;

        private Builder() {
        }

        /** Model name. */
        public Builder name(String v) {
            name = v;
            return this;
        }

        /** Version. */
        public Builder version(String v) {
            version = v;
            return this;
        }

        /** Registration time. */
        public Builder created(Instant v) {
            created = v;
            return this;
        }

        /** Registering principal. */
        public Builder createdBy(String v) {
            createdBy = v;
            return this;
        }

        /** Time of the last change. */
        public Builder updatedAt(Instant v) {
            updatedAt = v;
            return this;
        }

        /** Description. */
        public Builder description(String v) {
            description = v;
            return this;
        }

        /** Tags. */
        public Builder tags(Set<String> v) {
            tags = v;
            return this;
        }

        /** Owner. */
        public Builder owner(String v) {
            owner = v;
            return this;
        }

        /** Model type. */
        public Builder type(String v) {
            type = v;
            return this;
        }

        /** Access tier. */
        public Builder tier(Tier v) {
            tier = v;
            return this;
        }

        /** Model or adapter. */
        public Builder kind(Kind v) {
            kind = v;
            return this;
        }

        /** Lifecycle stage. */
        public Builder stage(String v) {
            stage = v;
            return this;
        }

        /** model_info. */
        public Builder modelInfo(ModelInfo v) {
            modelInfo = v;
            return this;
        }

        /** training_info. */
        public Builder trainingInfo(TrainingInfo v) {
            trainingInfo = v;
            return this;
        }

        /** Metrics. */
        public Builder metrics(Map<String, Double> v) {
            metrics = v;
            return this;
        }

        /** Artifact manifest. */
        public Builder artifacts(ArtifactManifest v) {
            artifacts = v;
            return this;
        }

        /** Storage facts. */
        public Builder storage(StorageInfo v) {
            storage = v;
            return this;
        }

        /** Deployments per environment. */
        public Builder deployments(Map<String, Deployment> v) {
            deployments = v;
            return this;
        }

        /** Quality gates. */
        public Builder qualityGates(List<QualityGate> v) {
            qualityGates = v;
            return this;
        }

        /** Lineage. */
        public Builder lineage(Lineage v) {
            lineage = v;
            return this;
        }

        /** Free-form JSON properties. */
        public Builder custom(Map<String, Object> v) {
            custom = v;
            return this;
        }

        /** Signature of name, version and manifest digest (null: unsigned). */
        public Builder signature(VersionSignature v) {
            signature = v;
            return this;
        }

        /** Validates and builds. */
        public ModelVersion build() {
            return new ModelVersion(name, version, created, createdBy, updatedAt, description, tags, owner, type, tier,
                    kind, stage, modelInfo, trainingInfo, metrics, artifacts, storage, deployments, qualityGates, lineage,
                    custom, signature);
        }
    }
}
