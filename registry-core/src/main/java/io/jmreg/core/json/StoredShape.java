package io.jmreg.core.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.GateResult;
import io.jmreg.api.lifecycle.PromotionRequest;
import io.jmreg.api.lifecycle.StageChange;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.AliasChange;
import io.jmreg.api.model.Architecture;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ArtifactManifest;
import io.jmreg.api.model.Dataset;
import io.jmreg.api.model.Deployment;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.ModelInfo;
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
 * The stored shape of the API records kept in log entries and checkpoints, owned here and not by the records' Java
 * names: every stored property is named explicitly, so renaming a record component cannot silently rename or drop
 * stored data ({@code StoredShapeTest} fails when a component has no stored name). Unknown (newer) properties are
 * ignored, so documents written by later versions load.
 */
final class StoredShape {
    private StoredShape() {
    }

    /** The module that applies the stored names. */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("jmreg-stored-shape");
        module.setMixInAnnotation(ModelVersion.class, ModelVersionDoc.class);
        module.setMixInAnnotation(ModelInfo.class, ModelInfoDoc.class);
        module.setMixInAnnotation(Architecture.class, ArchitectureDoc.class);
        module.setMixInAnnotation(TrainingInfo.class, TrainingInfoDoc.class);
        module.setMixInAnnotation(Dataset.class, DatasetDoc.class);
        module.setMixInAnnotation(Lineage.class, LineageDoc.class);
        module.setMixInAnnotation(ArtifactManifest.class, ArtifactManifestDoc.class);
        module.setMixInAnnotation(ArtifactFile.class, ArtifactFileDoc.class);
        module.setMixInAnnotation(StorageInfo.class, StorageInfoDoc.class);
        module.setMixInAnnotation(Deployment.class, DeploymentDoc.class);
        module.setMixInAnnotation(QualityGate.class, QualityGateDoc.class);
        module.setMixInAnnotation(AliasChange.class, AliasChangeDoc.class);
        module.setMixInAnnotation(GateResult.class, GateResultDoc.class);
        module.setMixInAnnotation(TrafficSplit.class, TrafficSplitDoc.class);
        module.setMixInAnnotation(StageChange.class, StageChangeDoc.class);
        module.setMixInAnnotation(EnvironmentDeployment.class, EnvironmentDeploymentDoc.class);
        module.setMixInAnnotation(PromotionRequest.class, PromotionRequestDoc.class);
        module.setMixInAnnotation(VersionSignature.class, VersionSignatureDoc.class);
        return module;
    }

    /** Stored shape of {@link ModelVersion}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    interface ModelVersionDoc {
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

    /** Stored shape of {@link io.jmreg.api.signing.VersionSignature}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    interface VersionSignatureDoc {
        @JsonProperty("key_id") String keyId();
        @JsonProperty("signature") String signature();
    }

    /** Stored shape of {@link ModelInfo}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    interface ModelInfoDoc {
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

    /** Stored shape of {@link Architecture}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    interface ArchitectureDoc {
        @JsonProperty("name") String name();
        @JsonProperty("layers") Integer layers();
        @JsonProperty("hidden_size") Integer hiddenSize();
        @JsonProperty("heads") Integer heads();
        @JsonProperty("vocab_size") Integer vocabSize();
        @JsonProperty("context_length") Integer contextLength();
    }

    /** Stored shape of {@link TrainingInfo}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    interface TrainingInfoDoc {
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

    /** Stored shape of {@link Dataset}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    interface DatasetDoc {
        @JsonProperty("name") String name();
        @JsonProperty("version") String version();
        @JsonProperty("size") Long size();
        @JsonProperty("digest") String digest();
    }

    /** Stored shape of {@link Lineage}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    interface LineageDoc {
        @JsonProperty("parents") List<String> parents();
        @JsonProperty("datasets") List<String> datasets();
        @JsonProperty("code_commit") String codeCommit();
        @JsonProperty("config_hash") String configHash();
        @JsonProperty("environment") Map<String, String> environment();
        @JsonProperty("base_model") String baseModel();
        @JsonProperty("compatible_base_models") List<String> compatibleBaseModels();
    }

    /** Stored shape of {@link ArtifactManifest}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    interface ArtifactManifestDoc {
        @JsonProperty("files") List<ArtifactFile> files();
        @JsonProperty("digest") String digest();
    }

    /** Stored shape of {@link ArtifactFile}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    interface ArtifactFileDoc {
        @JsonProperty("path") String path();
        @JsonProperty("size") long size();
        @JsonProperty("sha256") String sha256();
        @JsonProperty("media_type") String mediaType();
        @JsonProperty("format") String format();
        @JsonProperty("unsafe") boolean unsafe();
        @JsonProperty("chunk_index") String chunkIndex();
    }

    /** Stored shape of {@link StorageInfo}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    interface StorageInfoDoc {
        @JsonProperty("total_size") long totalSize();
        @JsonProperty("compression") String compression();
        @JsonProperty("encryption") String encryption();
    }

    /** Stored shape of {@link Deployment}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    interface DeploymentDoc {
        @JsonProperty("environment") String environment();
        @JsonProperty("deployed_at") Instant deployedAt();
        @JsonProperty("endpoint") String endpoint();
        @JsonProperty("replicas") Integer replicas();
        @JsonProperty("traffic_percent") Double trafficPercent();
        @JsonProperty("status") String status();
    }

    /** Stored shape of {@link QualityGate}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    interface QualityGateDoc {
        @JsonProperty("name") String name();
        @JsonProperty("status") String status();
        @JsonProperty("score") Double score();
    }

    /** Stored shape of {@link AliasChange}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    interface AliasChangeDoc {
        @JsonProperty("alias") String alias();
        @JsonProperty("version") String version();
        @JsonProperty("previous") String previous();
        @JsonProperty("at") Instant at();
        @JsonProperty("by") String by();
        @JsonProperty("sequence") long sequence();
    }

    /** Stored shape of {@link GateResult}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    interface GateResultDoc {
        @JsonProperty("expression") String expression();
        @JsonProperty("actual") String actual();
        @JsonProperty("passed") boolean passed();
    }

    /** Stored shape of a pending promotion (in checkpoints). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    interface PromotionRequestDoc {
        @JsonProperty("version") String version();
        @JsonProperty("stage") String stage();
        @JsonProperty("requested_by") String requestedBy();
        @JsonProperty("at") Instant at();
        @JsonProperty("sequence") long sequence();
        @JsonProperty("gates") List<GateResult> gates();
    }

    /** Stored shape of {@link TrafficSplit}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    interface TrafficSplitDoc {
        @JsonProperty("version") String version();
        @JsonProperty("percent") double percent();
    }

    /** Stored shape of {@link StageChange}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    interface StageChangeDoc {
        @JsonProperty("version") String version();
        @JsonProperty("from") String from();
        @JsonProperty("to") String to();
        @JsonProperty("at") Instant at();
        @JsonProperty("by") String by();
        @JsonProperty("sequence") long sequence();
        @JsonProperty("gates") List<GateResult> gates();
    }

    /** Stored shape of {@link EnvironmentDeployment}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    interface EnvironmentDeploymentDoc {
        @JsonProperty("environment") String environment();
        @JsonProperty("splits") List<TrafficSplit> splits();
        @JsonProperty("endpoint") String endpoint();
        @JsonProperty("replicas") Integer replicas();
        @JsonProperty("deployed_at") Instant deployedAt();
        @JsonProperty("deployed_by") String deployedBy();
        @JsonProperty("sequence") long sequence();
        @JsonProperty("rollback") boolean rollback();
        @JsonProperty("adapters") List<String> adapters();
    }
}
