package io.jmreg.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.lifecycle.Approval;
import io.jmreg.api.lifecycle.Operation;
import io.jmreg.api.lifecycle.StageDefinition;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.model.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code mlruns} tree copied from another machine (every location an absolute {@code file://} path there), with
 * what MLflow really writes: NaN and infinite metrics, metric and parameter keys with {@code /}, run names, users, git
 * commits, run and model tags, an MLmodel with flavors and a signature, and versions whose source cannot be read.
 */
class MlflowFidelityTest {
    @TempDir
    Path temp;
    private ModelRegistry registry;
    private MlflowTree tree;
    private Path model;

    @BeforeEach
    void open() throws Exception {
        registry = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("store"))
                .cacheDirectory(temp.resolve("cache")).build());
        tree = new MlflowTree(temp.resolve("copy/mlruns"), "/home/alice/work/mlruns");
        tree.experiment("1", "fraud");
        Path a = tree.run("1", "aaa111", "brave-owl-42", "alice",
                Map.of("accuracy", "1700000000000 0.81 0\n1700000001000 0.87 1\n",
                        "loss", "1700000000000 0.4 0\n1700000001000 nan 1\n",
                        "perplexity", "1700000001000 inf 1\n",
                        "eval/precision", "1700000001000 0.93 1\n"),
                Map.of("lr", "0.001", "optimizer/momentum", "0.9"),
                Map.of("mlflow.runName", "brave-owl-42", "mlflow.user", "alice", "mlflow.source.git.commit",
                        "4f2c1d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e", "team", "risk"));
        Files.createDirectories(a.resolve("artifacts/model"));
        Files.writeString(a.resolve("artifacts/model/MLmodel"), MlflowTree.mlmodel("aaa111"));
        Files.writeString(a.resolve("artifacts/model/model.pkl"), "pickled");
        Files.writeString(a.resolve("artifacts/model/requirements.txt"), "scikit-learn==1.3.2\n");
        Path b = tree.run("1", "bbb222", "calm-fox-7", "bob", Map.of("accuracy", "1700000002000 0.91 0\n"),
                Map.of(), Map.of());
        Files.createDirectories(b.resolve("artifacts/model"));
        Files.writeString(b.resolve("artifacts/model/model.pkl"), "pickled v2");
        tree.run("1", "ccc333", "empty-run", "bob", Map.of(), Map.of(), Map.of());
        model = tree.model("Fraud Detector", "Flags fraud", Map.of("domain", "payments"), Map.of("champion", "1",
                "challenger", "2"));
        tree.version(model, 1, tree.uri("1/aaa111/artifacts/model"), "aaa111", "Production", "first one", "alice",
                Map.of("validated", "true"));
        tree.version(model, 2, "runs:/bbb222/model", "bbb222", "Staging", "", "bob", Map.of());
        tree.version(model, 3, "s3://bucket/mlflow/1/ccc333/artifacts/model", "ccc333", "None", "", "bob", Map.of());
        tree.version(model, 4, "runs:/ccc333/model", "ccc333", "None", "", "bob", Map.of());
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void aCopiedTreeImportsEveryReadableVersionWithEveryFileAndField() {
        MlflowImport.Report report = new MlflowImport(registry).fromFileStore(tree.root);

        assertThat(report.registered()).containsExactly("fraud-detector:1.0.0", "fraud-detector:2.0.0");
        assertThat(report.skipped()).hasSize(2)
                .anyMatch(s -> s.contains("version 3") && s.contains("s3://"))
                .anyMatch(s -> s.contains("version 4") && s.contains("no files"));
        assertThat(report.complete()).isFalse();

        ModelVersion one = registry.resolve("fraud-detector@champion");
        assertThat(one.artifacts().files()).extracting(f -> f.path())
                .containsExactly("MLmodel", "model.pkl", "requirements.txt");
        assertThat(one.metrics()).containsEntry("accuracy", 0.87).containsEntry("eval/precision", 0.93)
                .doesNotContainKeys("loss", "perplexity");
        Map<String, Object> mlflow = mlflow(one);
        assertThat(mlflow.get("non_finite_metrics")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("loss", "NaN").containsEntry("perplexity", "Infinity");
        assertThat(report.warnings()).anyMatch(w -> w.contains("loss") && w.contains("NaN") && w.contains("custom"));
        assertThat(one.trainingInfo().hyperParameters()).containsEntry("lr", "0.001")
                .containsEntry("optimizer/momentum", "0.9");
        assertThat(one.lineage().codeCommit()).isEqualTo("4f2c1d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e");
        assertThat(one.owner()).isEqualTo("alice");
        assertThat(one.description()).isEqualTo("first one");
        assertThat(one.tags()).contains("validated=true");
        assertThat(mlflow).containsEntry("created_at", "2023-11-14T22:13:21Z")
                .containsEntry("updated_at", "2023-11-14T22:15:01Z").containsEntry("user_id", "alice")
                .containsEntry("model_description", "Flags fraud");
        assertThat(mlflow.get("model_tags")).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("domain", "payments");
        assertThat(registry.getModel("fraud-detector").description()).as("the model card").isEqualTo("Flags fraud");
        assertThat(mlflow.get("run")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("name", "brave-owl-42").containsEntry("user", "alice").containsEntry("status", "FINISHED")
                .containsEntry("experiment_name", "fraud")
                .containsEntry("start_time", "2023-11-14T22:13:21Z")
                .extractingByKey("tags").asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("team", "risk");
        assertThat(mlflow.get("flavors")).asInstanceOf(InstanceOfAssertFactories.MAP).containsKeys("python_function", "sklearn")
                .extractingByKey("sklearn").asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("sklearn_version", "1.3.2");
        assertThat(mlflow.get("signature")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .extractingByKey("inputs").asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(2)
                .first().asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("name", "amount");
        assertThat(report.notKept()).anyMatch(s -> s.contains("metric history"));

        ModelVersion two = registry.resolve("fraud-detector@challenger");
        assertThat(two.artifacts().files()).extracting(f -> f.path()).containsExactly("model.pkl");
        assertThat(two.stage()).isEqualTo("staging");
    }

    @Test
    void theTreeWinsOverAnOriginalPathThatStillExistsOutsideIt() throws Exception {
        MlflowTree here = new MlflowTree(temp.resolve("home/alice/mlruns"), temp.resolve("home/alice/mlruns").toString());
        here.experiment("1", "fraud");
        Path run = here.run("1", "aaa111", "r", "alice", Map.of(), Map.of(), Map.of());
        Files.createDirectories(run.resolve("artifacts/model"));
        Files.writeString(run.resolve("artifacts/model/model.pkl"), "the original machine's bytes");
        MlflowTree copy = new MlflowTree(temp.resolve("copied/mlruns"), here.origin);
        copy.experiment("1", "fraud");
        Path copied = copy.run("1", "aaa111", "r", "alice", Map.of(), Map.of(), Map.of());
        Files.createDirectories(copied.resolve("artifacts/model"));
        Files.writeString(copied.resolve("artifacts/model/model.pkl"), "the copy's bytes");
        Path m = copy.model("m", "", Map.of(), Map.of());
        copy.version(m, 1, copy.uri("1/aaa111/artifacts/model"), "aaa111", "None", "", "alice", Map.of());

        MlflowImport.Report report = new MlflowImport(registry).fromFileStore(copy.root);
        assertThat(report.registered()).containsExactly("m:1.0.0");
        assertThat(report.complete()).isTrue();
        Path pulled = registry.pull("m:1.0.0", temp.resolve("pulled"));
        assertThat(Files.readString(pulled.resolve("model.pkl"))).isEqualTo("the copy's bytes");
    }

    @Test
    void aSkippedVersionLeavesNothingAndTheRestContinue() {
        MlflowImport.Report report = new MlflowImport(registry).fromFileStore(tree.root);
        assertThat(registry.listVersions("fraud-detector")).extracting(ModelVersion::version)
                .containsExactly("1.0.0", "2.0.0");
        MlflowImport.Report again = new MlflowImport(registry).fromFileStore(tree.root);
        assertThat(again.registered()).isEmpty();
        assertThat(again.present()).containsExactly("fraud-detector:1.0.0", "fraud-detector:2.0.0");
        assertThat(again.skipped()).hasSize(2);
        assertThat(List.copyOf(report.skipped())).isEqualTo(again.skipped());
        assertThat(registry.getModel("fraud-detector").description()).isEqualTo("Flags fraud");
        long sequence = registry.getModel("fraud-detector").sequence();
        registry.updateModelDescription("fraud-detector", "Edited here");
        new MlflowImport(registry).fromFileStore(tree.root);
        assertThat(registry.getModel("fraud-detector").description()).as("a card is never overwritten")
                .isEqualTo("Edited here");
        assertThat(registry.getModel("fraud-detector").sequence()).isEqualTo(sequence + 1);
    }

    @Test
    void anAliasOnAnArchivedVersionIsSetBeforeItsStageSoNothingFailsAfterTheVersionIsWritten() throws Exception {
        tree.version(model, 2, "runs:/bbb222/model", "bbb222", "Archived", "", "bob", Map.of()); // challenger -> 2
        MlflowImport.Report report = new MlflowImport(registry).fromFileStore(tree.root);
        assertThat(report.registered()).containsExactly("fraud-detector:1.0.0", "fraud-detector:2.0.0");
        assertThat(registry.resolve("fraud-detector:2.0.0").stage()).isEqualTo("archived");
        assertThat(registry.aliases("fraud-detector")).containsEntry("challenger", "2.0.0").containsEntry("champion", "1.0.0");
        assertThat(report.skipped()).noneMatch(s -> s.contains("alias") || s.contains("stage"));
    }

    @Test
    void aVersionWhoseStageCannotBeReachedHereIsSkippedWholeBeforeAnythingIsWritten() {
        registry.close();
        var all = EnumSet.allOf(Operation.class);
        var stages = new LinkedHashMap<>(StageMachine.defaults().stages());
        stages.put("production", new StageDefinition("production",
                Set.of("deprecated", "archived"), all, Approval.OTHER_PRINCIPAL));
        registry = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("store2"))
                .cacheDirectory(temp.resolve("cache2")).stageMachine(new StageMachine("development",
                        stages)).build());
        MlflowImport.Report report = new MlflowImport(registry).fromFileStore(tree.root);
        // version 1 is in Production, which needs an approval here: it would stop half-way, so it is not written
        assertThat(report.registered()).containsExactly("fraud-detector:2.0.0");
        assertThat(report.skipped()).anyMatch(s -> s.contains("version 1: not imported") && s.contains("needs approval"))
                .anyMatch(s -> s.contains("alias champion") && s.contains("was not imported"));
        assertThat(registry.listVersions("fraud-detector")).extracting(ModelVersion::version).containsExactly("2.0.0");
        assertThat(registry.lifecycle().pendingPromotions("fraud-detector")).isEmpty();
        assertThat(registry.resolve("fraud-detector:2.0.0").stage()).isEqualTo("staging");
        assertThat(registry.aliases("fraud-detector")).containsOnly(Map.entry("challenger", "2.0.0"));
    }

    @Test
    void descriptionsFoldedOverLinesByPyYamlAreKeptWhole() throws Exception {
        Path v = model.resolve("version-1/meta.yaml");
        String meta = Files.readString(v).replace("description: 'first one'\n", "description: 'A description long enough "
                + "that PyYAML folds it over more than one\n  line of the file, with a second paragraph that it''s\n\n"
                + "  after a blank line.'\n");
        Files.writeString(v, meta);
        Files.writeString(model.resolve("meta.yaml"), "creation_timestamp: 1700000000000\ndescription: \"Flags fraud\\n"
                + "\\tin payments\"\nlast_updated_timestamp: 1700000003000\nname: Fraud Detector\n");
        new MlflowImport(registry).fromFileStore(tree.root);
        ModelVersion one = registry.resolve("fraud-detector:1.0.0");
        assertThat(one.description()).isEqualTo("A description long enough that PyYAML folds it over more than one line "
                + "of the file, with a second paragraph that it's\nafter a blank line.");
        assertThat(mlflow(one)).containsEntry("model_description", "Flags fraud\n\tin payments");
    }

    @Test
    void aPrincipalWithoutRegistryImportIsRefusedBeforeAnythingIsWritten() {
        registry.access().install(AccessPolicy.builder().grant("admin", "model_admin")
                .grant("dev", "model_developer").build());
        assertThatThrownBy(() -> new MlflowImport(registry.as("dev")).fromFileStore(tree.root))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("'dev'")
                .hasMessageContaining("registry:import");
        assertThat(registry.as("admin").listModels()).isEmpty();
        assertThat(new MlflowImport(registry.as("admin")).fromFileStore(tree.root).registered()).hasSize(2);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mlflow(ModelVersion v) {
        return (Map<String, Object>) v.custom().get("mlflow");
    }
}
