package io.jmreg.api.model;

import io.jmreg.api.Names;
import io.jmreg.api.Versions;

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
 */
public record ModelVersion(String name, String version, Instant created, String createdBy, Instant updatedAt,
                           String description, Set<String> tags, String owner, String type, Tier tier, Kind kind,
                           String stage, ModelInfo modelInfo, TrainingInfo trainingInfo, Map<String, Double> metrics,
                           ArtifactManifest artifacts, StorageInfo storage, Map<String, Deployment> deployments,
                           List<QualityGate> qualityGates, Lineage lineage, Map<String, Object> custom) {
    /** Validates the required fields and normalises the rest. */
    public ModelVersion {
        Names.requireModelName(name);
        Versions.requireVersion(version);
        if (created == null) {
            throw new IllegalArgumentException("created must not be null");
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

    /** A copy with other metrics and update time. */
    public ModelVersion withMetrics(Map<String, Double> newMetrics, Instant at) {
        return new ModelVersion(name, version, created, createdBy, at, description, tags, owner, type, tier, kind, stage,
                modelInfo, trainingInfo, newMetrics, artifacts, storage, deployments, qualityGates, lineage, custom);
    }

    /** A copy in another stage, with gate results merged into the quality gates. */
    public ModelVersion withStage(String newStage, List<QualityGate> gates, Instant at) {
        java.util.LinkedHashMap<String, QualityGate> merged = new java.util.LinkedHashMap<>();
        qualityGates.forEach(g -> merged.put(g.name(), g));
        gates.forEach(g -> merged.put(g.name(), g));
        return new ModelVersion(name, version, created, createdBy, at, description, tags, owner, type, tier, kind, newStage,
                modelInfo, trainingInfo, metrics, artifacts, storage, deployments, List.copyOf(merged.values()), lineage,
                custom);
    }

    /** A copy with other deployments. */
    public ModelVersion withDeployments(Map<String, Deployment> newDeployments, Instant at) {
        return new ModelVersion(name, version, created, createdBy, at, description, tags, owner, type, tier, kind, stage,
                modelInfo, trainingInfo, metrics, artifacts, storage, newDeployments, qualityGates, lineage, custom);
    }

    /** A copy with other tags and update time. */
    public ModelVersion withTags(Set<String> newTags, Instant at) {
        return new ModelVersion(name, version, created, createdBy, at, description, newTags, owner, type, tier, kind, stage,
                modelInfo, trainingInfo, metrics, artifacts, storage, deployments, qualityGates, lineage, custom);
    }
}
