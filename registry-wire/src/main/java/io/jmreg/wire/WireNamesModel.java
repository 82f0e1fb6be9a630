package io.jmreg.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.jmreg.api.model.AliasChange;
import io.jmreg.api.model.Architecture;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ArtifactManifest;
import io.jmreg.api.model.CacheReport;
import io.jmreg.api.model.Dataset;
import io.jmreg.api.model.Deployment;
import io.jmreg.api.model.GcReport;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.LineageGraph;
import io.jmreg.api.model.ModelInfo;
import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.QualityGate;
import io.jmreg.api.model.StorageInfo;
import io.jmreg.api.model.Tier;
import io.jmreg.api.model.TrainingInfo;
import io.jmreg.api.signing.VersionSignature;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wire names of the API's model records in the HTTP API's JSON, owned here and not by the records'
 * Java names ({@code WireShapeTest} fails when a component has no wire name).
 */
final class WireNamesModel {
    private WireNamesModel() {
    }

    /** Applies the names of this group to {@code module}. */
    static void apply(SimpleModule module) {
        module.setMixInAnnotation(AliasChange.class, AliasChangeWire.class);
        module.setMixInAnnotation(Architecture.class, ArchitectureWire.class);
        module.setMixInAnnotation(ArtifactFile.class, ArtifactFileWire.class);
        module.setMixInAnnotation(ArtifactManifest.class, ArtifactManifestWire.class);
        module.setMixInAnnotation(CacheReport.class, CacheReportWire.class);
        module.setMixInAnnotation(Dataset.class, DatasetWire.class);
        module.setMixInAnnotation(Deployment.class, DeploymentWire.class);
        module.setMixInAnnotation(GcReport.class, GcReportWire.class);
        module.setMixInAnnotation(Lineage.class, LineageWire.class);
        module.setMixInAnnotation(LineageGraph.class, LineageGraphWire.class);
        module.setMixInAnnotation(LineageGraph.Edge.class, LineageGraphEdgeWire.class);
        module.setMixInAnnotation(LineageGraph.Node.class, LineageGraphNodeWire.class);
        module.setMixInAnnotation(ModelInfo.class, ModelInfoWire.class);
        module.setMixInAnnotation(ModelSummary.class, ModelSummaryWire.class);
        module.setMixInAnnotation(ModelVersion.class, ModelVersionWire.class);
        module.setMixInAnnotation(QualityGate.class, QualityGateWire.class);
        module.setMixInAnnotation(StorageInfo.class, StorageInfoWire.class);
        module.setMixInAnnotation(TrainingInfo.class, TrainingInfoWire.class);
    }

    /** Wire names of {@link AliasChange}. */
    interface AliasChangeWire {
        @JsonProperty("alias") String alias();
        @JsonProperty("version") String version();
        @JsonProperty("previous") String previous();
        @JsonProperty("at") Instant at();
        @JsonProperty("by") String by();
        @JsonProperty("sequence") long sequence();
    }

    /** Wire names of {@link Architecture}. */
    interface ArchitectureWire {
        @JsonProperty("name") String name();
        @JsonProperty("layers") Integer layers();
        @JsonProperty("hidden_size") Integer hiddenSize();
        @JsonProperty("heads") Integer heads();
        @JsonProperty("vocab_size") Integer vocabSize();
        @JsonProperty("context_length") Integer contextLength();
    }

    /** Wire names of {@link ArtifactFile}. */
    interface ArtifactFileWire {
        @JsonProperty("path") String path();
        @JsonProperty("size") long size();
        @JsonProperty("sha256") String sha256();
        @JsonProperty("media_type") String mediaType();
        @JsonProperty("format") String format();
        @JsonProperty("unsafe") boolean unsafe();
        @JsonProperty("chunk_index") String chunkIndex();
    }

    /** Wire names of {@link ArtifactManifest}. */
    interface ArtifactManifestWire {
        @JsonProperty("files") List<ArtifactFile> files();
        @JsonProperty("digest") String digest();
    }

    /** Wire names of {@link CacheReport}. */
    interface CacheReportWire {
        @JsonProperty("blobs_checked") long blobsChecked();
        @JsonProperty("blobs_corrupt") long blobsCorrupt();
        @JsonProperty("snapshot_files_checked") long snapshotFilesChecked();
        @JsonProperty("snapshot_files_repaired") long snapshotFilesRepaired();
        @JsonProperty("bytes_hashed") long bytesHashed();
    }

    /** Wire names of {@link Dataset}. */
    interface DatasetWire {
        @JsonProperty("name") String name();
        @JsonProperty("version") String version();
        @JsonProperty("size") Long size();
        @JsonProperty("digest") String digest();
    }

    /** Wire names of {@link Deployment}. */
    interface DeploymentWire {
        @JsonProperty("environment") String environment();
        @JsonProperty("deployed_at") Instant deployedAt();
        @JsonProperty("endpoint") String endpoint();
        @JsonProperty("replicas") Integer replicas();
        @JsonProperty("traffic_percent") Double trafficPercent();
        @JsonProperty("status") String status();
    }

    /** Wire names of {@link GcReport}. */
    interface GcReportWire {
        @JsonProperty("blobs_scanned") long blobsScanned();
        @JsonProperty("blobs_referenced") long blobsReferenced();
        @JsonProperty("blobs_deleted") long blobsDeleted();
        @JsonProperty("bytes_freed") long bytesFreed();
        @JsonProperty("blobs_too_young") long blobsTooYoung();
    }

    /** Wire names of {@link Lineage}. */
    interface LineageWire {
        @JsonProperty("parents") List<String> parents();
        @JsonProperty("datasets") List<String> datasets();
        @JsonProperty("code_commit") String codeCommit();
        @JsonProperty("config_hash") String configHash();
        @JsonProperty("environment") Map<String, String> environment();
        @JsonProperty("base_model") String baseModel();
        @JsonProperty("compatible_base_models") List<String> compatibleBaseModels();
    }

    /** Wire names of {@link LineageGraph}. */
    interface LineageGraphWire {
        @JsonProperty("root") String root();
        @JsonProperty("nodes") List<LineageGraph.Node> nodes();
        @JsonProperty("edges") List<LineageGraph.Edge> edges();
    }

    /** Wire names of {@link LineageGraph.Edge}. */
    interface LineageGraphEdgeWire {
        @JsonProperty("from") String from();
        @JsonProperty("to") String to();
        @JsonProperty("relation") LineageGraph.Relation relation();
    }

    /** Wire names of {@link LineageGraph.Node}. */
    interface LineageGraphNodeWire {
        @JsonProperty("id") String id();
        @JsonProperty("kind") LineageGraph.NodeKind kind();
        @JsonProperty("label") String label();
        @JsonProperty("stage") String stage();
    }

    /** Wire names of {@link ModelInfo}. */
    interface ModelInfoWire {
        @JsonProperty("base_model") String baseModel();
        @JsonProperty("fine_tuning_method") String fineTuningMethod();
        @JsonProperty("total_parameters") Long totalParameters();
        @JsonProperty("trainable_parameters") Long trainableParameters();
        @JsonProperty("architecture") Architecture architecture();
        @JsonProperty("framework") String framework();
        @JsonProperty("input_schema") String inputSchema();
        @JsonProperty("output_schema") String outputSchema();
        @JsonProperty("tensor_count") Long tensorCount();
        @JsonProperty("dtypes") List<String> dtypes();
        @JsonProperty("format_metadata") Map<String, String> formatMetadata();
    }

    /** Wire names of {@link ModelSummary}. */
    interface ModelSummaryWire {
        @JsonProperty("name") String name();
        @JsonProperty("version_count") int versionCount();
        @JsonProperty("latest_version") String latestVersion();
        @JsonProperty("aliases") Map<String, String> aliases();
        @JsonProperty("updated_at") Instant updatedAt();
        @JsonProperty("sequence") long sequence();
        @JsonProperty("description") String description();
    }

    /** Wire names of {@link ModelVersion}. */
    interface ModelVersionWire {
        @JsonProperty("name") String name();
        @JsonProperty("version") String version();
        @JsonProperty("created") Instant created();
        @JsonProperty("created_by") String createdBy();
        @JsonProperty("updated_at") Instant updatedAt();
        @JsonProperty("description") String description();
        @JsonProperty("tags") Set<String> tags();
        @JsonProperty("owner") String owner();
        @JsonProperty("type") String type();
        @JsonProperty("tier") Tier tier();
        @JsonProperty("kind") Kind kind();
        @JsonProperty("stage") String stage();
        @JsonProperty("model_info") ModelInfo modelInfo();
        @JsonProperty("training_info") TrainingInfo trainingInfo();
        @JsonProperty("metrics") Map<String, Double> metrics();
        @JsonProperty("artifacts") ArtifactManifest artifacts();
        @JsonProperty("storage") StorageInfo storage();
        @JsonProperty("deployments") Map<String, Deployment> deployments();
        @JsonProperty("quality_gates") List<QualityGate> qualityGates();
        @JsonProperty("lineage") Lineage lineage();
        @JsonProperty("custom") Map<String, Object> custom();
        @JsonProperty("signature") VersionSignature signature();
    }

    /** Wire names of {@link QualityGate}. */
    interface QualityGateWire {
        @JsonProperty("name") String name();
        @JsonProperty("status") String status();
        @JsonProperty("score") Double score();
    }

    /** Wire names of {@link StorageInfo}. */
    interface StorageInfoWire {
        @JsonProperty("total_size") long totalSize();
        @JsonProperty("compression") String compression();
        @JsonProperty("encryption") String encryption();
    }

    /** Wire names of {@link TrainingInfo}. */
    interface TrainingInfoWire {
        @JsonProperty("datasets") List<Dataset> datasets();
        @JsonProperty("method_config") Map<String, Object> methodConfig();
        @JsonProperty("hyper_parameters") Map<String, Object> hyperParameters();
        @JsonProperty("epochs") Integer epochs();
        @JsonProperty("batch_size") Integer batchSize();
        @JsonProperty("learning_rate") Double learningRate();
        @JsonProperty("steps") Long steps();
        @JsonProperty("duration") Duration duration();
        @JsonProperty("gpu_hours") Double gpuHours();
        @JsonProperty("cost") Double cost();
        @JsonProperty("hardware") String hardware();
    }
}
