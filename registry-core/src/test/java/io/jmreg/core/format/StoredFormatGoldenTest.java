package io.jmreg.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.AliasChange;
import io.jmreg.api.model.Dataset;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.QualityGate;
import io.jmreg.api.model.Tier;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by an earlier library (the golden store under {@code src/test/resources/golden/format-1}, written
 * once by {@link GoldenStoreGenerator} and never regenerated) opens in this one with every field: descriptor, a log
 * entry of every operation, a checkpoint. Documents with unknown newer fields load too.
 */
class StoredFormatGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/format-1");
    @TempDir
    Path temp;

    /** Loads the golden store into a fresh named mem: store, each document passed through {@code edit}. */
    private String load(UnaryOperator<String> edit, boolean withCheckpoints) throws Exception {
        String uri = "mem:golden-" + UUID.randomUUID();
        try (StorageBackend backend = StorageBackends.open(uri, Map.of()); Stream<Path> files = Files.walk(GOLDEN)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String key = GOLDEN.relativize(f).toString().replace('\\', '/');
                if (!withCheckpoints && key.contains("/checkpoints/")) {
                    continue;
                }
                byte[] bytes = Files.readAllBytes(f);
                if (key.endsWith(".json")) {
                    bytes = edit.apply(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                }
                backend.putBytes(key, bytes);
            }
        }
        return uri;
    }

    private ModelRegistry open(String uri) {
        return ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("cache")).build());
    }

    @Test
    void theGoldenStoreOpensWithEveryFieldFromItsCheckpoint() throws Exception {
        try (ModelRegistry r = open(load(s -> s, true))) {
            assertGoldenState(r);
        }
    }

    @Test
    void aStoreWrittenBeforeTheCatalogIndexIsSearchableItsIndexBuiltFromTheLogs() throws Exception {
        try (ModelRegistry r = open(load(s -> s, true))) {
            List<String> expected = new ArrayList<>();
            for (String model : r.listModels()) {
                r.listVersions(model).forEach(v -> expected.add(v.reference()));
            }
            assertThat(expected).isNotEmpty();
            assertThat(r.search().versions(SearchRequest.of("").limit(1000)).items())
                    .extracting(ModelVersion::reference).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void theGoldenStoreReplaysToTheSameStateWithoutItsCheckpoint() throws Exception {
        try (ModelRegistry r = open(load(s -> s, false))) {
            assertGoldenState(r);
        }
    }

    @Test
    void documentsWithUnknownNewerFieldsLoad() throws Exception {
        UnaryOperator<String> addFields = s -> s.replaceFirst("^\\{", "{\"field_from_the_future\":{\"x\":[1,2]},")
                .replace("\"model_info\":{", "\"model_info\":{\"future_model_info\":true,")
                .replace("\"artifacts\":{", "\"artifacts\":{\"future_artifacts\":\"x\",");
        try (ModelRegistry r = open(load(addFields, true))) {
            assertGoldenState(r);
        }
        try (ModelRegistry r = open(load(addFields, false))) {
            assertGoldenState(r);
        }
    }

    private void assertGoldenState(ModelRegistry r) throws Exception {
        assertThat(r.listModels()).containsExactly("base", "org/golden");
        assertThat(r.getModel("org/golden").sequence()).isEqualTo(35);
        assertThat(r.listVersions("org/golden")).extracting(ModelVersion::version).containsExactly("1.0.0+build.1", "1.1.0");

        ModelVersion v = r.resolve("org/golden:1.0.0");
        assertThat(v.createdBy()).isEqualTo("golden-writer");
        assertThat(v.description()).isEqualTo("every field");
        assertThat(v.tags()).containsExactly("golden", "nlp");
        assertThat(v.owner()).isEqualTo("team-a");
        assertThat(v.type()).isEqualTo("classification");
        assertThat(v.tier()).isEqualTo(Tier.STANDARD);
        assertThat(v.kind()).isEqualTo(Kind.MODEL);
        assertThat(v.stage()).isEqualTo("development");
        assertThat(v.modelInfo().baseModel()).isEqualTo("base:1.0.0");
        assertThat(v.modelInfo().fineTuningMethod()).isEqualTo("lora");
        assertThat(v.modelInfo().totalParameters()).isEqualTo(1000L);
        assertThat(v.modelInfo().trainableParameters()).isEqualTo(10L);
        assertThat(v.modelInfo().architecture().name()).isEqualTo("llama");
        assertThat(v.modelInfo().architecture().contextLength()).isEqualTo(512);
        assertThat(v.modelInfo().framework()).isEqualTo("pytorch");
        assertThat(v.modelInfo().inputSchema()).isEqualTo("{\"type\":\"string\"}");
        assertThat(v.modelInfo().dtypes()).containsExactly("F16");
        assertThat(v.modelInfo().formatMetadata()).containsEntry("general.architecture", "llama");
        assertThat(v.trainingInfo().datasets()).containsExactly(new Dataset("reviews", "2024-06", 5000L, "sha256:ab"));
        assertThat(v.trainingInfo().methodConfig()).containsEntry("r", 8).containsEntry("target_modules", List.of("q", "v"));
        assertThat(v.trainingInfo().hyperParameters()).containsEntry("lr", 0.001);
        assertThat(v.trainingInfo().duration()).isEqualTo(Duration.ofMinutes(42));
        assertThat(v.trainingInfo().cost()).isEqualTo(3.25);
        assertThat(v.trainingInfo().hardware()).isEqualTo("1x A100");
        assertThat(v.metrics()).containsEntry("evaluation.accuracy", 0.91).containsEntry("training.final_loss", 0.12);
        assertThat(v.qualityGates()).containsExactly(new QualityGate("safety", "passed", 0.97));
        assertThat(v.lineage().parents()).containsExactly("base:1.0.0");
        assertThat(v.lineage().codeCommit()).isEqualTo("4f2a9c1");
        assertThat(v.lineage().environment()).containsEntry("python", "3.11");
        assertThat(v.custom()).containsEntry("budget", 12).containsEntry("team", Map.of("slack", "#ml"));
        assertThat(v.artifacts().files()).hasSize(2);
        assertThat(v.storage().totalSize()).isEqualTo(40);
        try (InputStream in = r.openArtifact("org/golden:1.0.0+build.1", "weights.bin")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("golden weights");
        }

        ModelVersion w = r.resolve("org/golden@production");
        assertThat(w.version()).isEqualTo("1.1.0");
        assertThat(w.stage()).isEqualTo("testing");
        assertThat(w.tags()).contains("fast");
        assertThat(w.metrics()).containsEntry("evaluation.accuracy", 0.93).containsEntry("online.ctr", 0.21);
        assertThat(r.lifecycle().stageHistory("org/golden:1.1.0")).singleElement().satisfies(c -> {
            assertThat(c.from()).isEqualTo("development");
            assertThat(c.to()).isEqualTo("testing");
            assertThat(c.gates()).singleElement().satisfies(g -> assertThat(g.passed()).isTrue());
        });
        assertThat(r.aliases("org/golden")).containsOnlyKeys("production", "staging");
        assertThat(r.aliasHistory("org/golden", "champion")).extracting(AliasChange::version).containsExactly("1.1.0", null);
        List<EnvironmentDeployment> history = r.lifecycle().deploymentHistory("org/golden", "staging");
        assertThat(history).hasSize(3);
        assertThat(history.get(1).splits()).containsExactly(new TrafficSplit("1.0.0+build.1", 80), new TrafficSplit("1.1.0", 20));
        assertThat(history.get(2).rollback()).isTrue();
        assertThat(r.lifecycle().deployments("org/golden").get("staging").primaryVersion()).isEqualTo("1.1.0");
        assertThat(w.deployments().get("staging").trafficPercent()).isEqualTo(100.0);
        assertThat(r.resolve("org/golden:latest").version()).isEqualTo("1.1.0");
        assertThat(r.resolve("base").version()).isEqualTo("1.0.0");
    }
}
