package io.jmreg.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An MLflow FileStore written by hand in MLflow's layout, imported with everything it holds. */
class MlflowImportTest {
    @TempDir
    Path temp;
    private ModelRegistry registry;
    private Path mlruns;

    @BeforeEach
    void open() throws Exception {
        registry = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("store"))
                .cacheDirectory(temp.resolve("cache")).build());
        mlruns = Files.createDirectories(temp.resolve("mlruns"));
        run("1", "aaa111", Map.of("accuracy", "1700000000000 0.81 0\n1700000001000 0.87 1\n1700000000500 0.5 0\n",
                "loss", "1700000000000 0.4 0\n"), Map.of("lr", "0.001", "epochs", "3"));
        run("1", "bbb222", Map.of("accuracy", "1700000002000 0.91 0\n"), Map.of("lr", "0.0005"));
        Files.createDirectories(mlruns.resolve("1/aaa111/artifacts/model"));
        Files.writeString(mlruns.resolve("1/aaa111/artifacts/model/model.pkl"), "pickled");
        Files.writeString(mlruns.resolve("1/aaa111/artifacts/model/MLmodel"), "flavors: {}");
        Files.createDirectories(mlruns.resolve("1/bbb222/artifacts/model"));
        Files.writeString(mlruns.resolve("1/bbb222/artifacts/model/model.pkl"), "pickled v2");
        Path model = Files.createDirectories(mlruns.resolve("models/Fraud Detector"));
        Files.writeString(model.resolve("meta.yaml"), "creation_timestamp: 1700000000000\ndescription: 'Flags fraud'\n"
                + "last_updated_timestamp: 1700000003000\nname: Fraud Detector\n");
        Files.createDirectories(model.resolve("tags"));
        Files.writeString(model.resolve("tags/team"), "risk");
        version(model, 1, "runs:/aaa111/model", "aaa111", "Production", "first one", Map.of("validated", "true"));
        version(model, 2, "runs:/bbb222/model", "bbb222", "Staging", "", Map.of());
        version(model, 3, "runs:/bbb222/model", "bbb222", "Deleted_Internal", "", Map.of());
        Files.createDirectories(model.resolve("aliases"));
        Files.writeString(model.resolve("aliases/champion"), "1");
        Files.writeString(model.resolve("aliases/challenger"), "2");
        Files.writeString(model.resolve("aliases/ghost"), "3");
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private void run(String experiment, String id, Map<String, String> metrics, Map<String, String> params) throws Exception {
        Path run = Files.createDirectories(mlruns.resolve(experiment).resolve(id));
        Files.writeString(run.resolve("meta.yaml"), "run_id: " + id + "\nexperiment_id: '" + experiment + "'\n");
        Files.createDirectories(run.resolve("metrics"));
        Files.createDirectories(run.resolve("params"));
        for (var m : metrics.entrySet()) {
            Files.writeString(run.resolve("metrics").resolve(m.getKey()), m.getValue());
        }
        for (var p : params.entrySet()) {
            Files.writeString(run.resolve("params").resolve(p.getKey()), p.getValue());
        }
    }

    private static void version(Path model, int n, String source, String runId, String stage, String description,
                                Map<String, String> tags) throws Exception {
        Path v = Files.createDirectories(model.resolve("version-" + n));
        Files.writeString(v.resolve("meta.yaml"), "creation_timestamp: 1700000000000\ncurrent_stage: " + stage
                + "\ndescription: '" + description + "'\nlast_updated_timestamp: 1700000000000\nname: Fraud Detector\n"
                + "run_id: " + runId + "\nsource: " + source + "\nstatus: READY\nstatus_message: null\nuser_id: ''\n"
                + "version: " + n + "\n");
        Files.createDirectories(v.resolve("tags"));
        for (var t : tags.entrySet()) {
            Files.writeString(v.resolve("tags").resolve(t.getKey()), t.getValue());
        }
    }

    @Test
    void modelsVersionsRunsStagesAndAliasesAreImportedAndDeletedVersionsSkipped() {
        MlflowImport.Report report = new MlflowImport(registry).fromFileStore(mlruns);
        assertThat(report.registered()).containsExactly("fraud-detector:1.0.0", "fraud-detector:2.0.0");
        assertThat(report.notKept()).anyMatch(s -> s.contains("version 3") && s.contains("deleted"));
        assertThat(report.skipped()).anyMatch(s -> s.contains("ghost"));
        ModelVersion one = registry.resolve("fraud-detector@champion");
        assertThat(one.version()).isEqualTo("1.0.0");
        assertThat(one.description()).isEqualTo("first one");
        assertThat(one.metrics()).containsEntry("accuracy", 0.87).containsEntry("loss", 0.4);
        assertThat(one.trainingInfo().hyperParameters()).containsEntry("lr", "0.001").containsEntry("epochs", "3");
        assertThat(one.tags()).contains("validated=true");
        assertThat(one.stage()).isEqualTo("production");
        assertThat(one.artifacts().files()).extracting(f -> f.path()).containsExactly("MLmodel", "model.pkl");
        assertThat(one.artifacts().file("model.pkl").orElseThrow().unsafe()).as("pickle is flagged").isTrue();
        assertThat(one.custom().get("mlflow")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("run_id", "aaa111").containsEntry("stage", "Production");
        ModelVersion two = registry.resolve("fraud-detector@challenger");
        assertThat(two.stage()).isEqualTo("staging");
        assertThat(two.metrics()).containsEntry("accuracy", 0.91);

        MlflowImport.Report again = new MlflowImport(registry).fromFileStore(mlruns);
        assertThat(again.registered()).as("idempotent").isEmpty();
        assertThat(new MlflowImport(registry, "0.{n}.0").fromFileStore(mlruns).registered())
                .containsExactly("fraud-detector:0.1.0", "fraud-detector:0.2.0");
    }

    @Test
    void aSourceOutsideTheRootIsSkippedWithTheReasonAndTheRestImported() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("elsewhere"));
        Files.writeString(outside.resolve("secret.txt"), "x");
        Path model = mlruns.resolve("models/Fraud Detector");
        version(model, 4, outside.toUri().toString(), "", "None", "", Map.of());
        MlflowImport.Report report = new MlflowImport(registry).fromFileStore(mlruns);
        assertThat(report.skipped()).anyMatch(s -> s.contains("version 4") && s.contains("outside"));
        assertThat(report.registered()).containsExactly("fraud-detector:1.0.0", "fraud-detector:2.0.0");
        assertThat(registry.listVersions("fraud-detector")).hasSize(2);
    }

    @Test
    void aLinkLeadingOutOfTheTreeIsSkipped() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("elsewhere"));
        Files.writeString(outside.resolve("secret.txt"), "x");
        Files.createDirectories(mlruns.resolve("1/ddd444"));
        Files.writeString(mlruns.resolve("1/ddd444/meta.yaml"), "run_id: ddd444\n");
        Files.createSymbolicLink(mlruns.resolve("1/ddd444/artifacts"), outside);
        version(mlruns.resolve("models/Fraud Detector"), 4, "runs:/ddd444", "ddd444", "None", "", Map.of());
        MlflowImport.Report report = new MlflowImport(registry).fromFileStore(mlruns);
        assertThat(report.skipped()).anyMatch(s -> s.contains("version 4") && s.contains("outside"));
        assertThat(registry.listVersions("fraud-detector")).hasSize(2);
    }
}
