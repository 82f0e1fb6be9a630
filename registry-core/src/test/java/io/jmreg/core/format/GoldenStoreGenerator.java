package io.jmreg.core.format;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.Architecture;
import io.jmreg.api.model.Dataset;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.ModelInfo;
import io.jmreg.api.model.QualityGate;
import io.jmreg.api.model.Tier;
import io.jmreg.api.model.TrainingInfo;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes the golden store of the test resources: every log operation, a checkpoint and the descriptor, as the
 * library of the day writes them. Run it only to add a new golden store for a new format version; never regenerate
 * an existing one (it pins what older libraries wrote): {@code GoldenStoreGenerator <dir>}.
 */
public final class GoldenStoreGenerator {
    private GoldenStoreGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path work = Files.createTempDirectory("golden");
        Path art = Files.createDirectories(work.resolve("art"));
        Files.writeString(art.resolve("config.json"), "{\"labels\": [\"neg\", \"pos\"]}");
        Files.writeString(art.resolve("weights.bin"), "golden weights");
        String uri = "mem:golden-generator";
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder(uri).principal("golden-writer")
                .cacheDirectory(work.resolve("cache")).build())) {
            r.registerModel(Registration.builder("base").version("1.0.0").build());
            r.registerModel(Registration.builder("org/golden").version("1.0.0+build.1").artifacts(art)
                    .description("every field").tags("nlp", "golden").owner("team-a").type("classification")
                    .tier(Tier.STANDARD).kind(Kind.MODEL)
                    .modelInfo(new ModelInfo("base:1.0.0", "lora", 1000L, 10L, new Architecture("llama", 2, 64, 4, 100, 512),
                            "pytorch", "{\"type\":\"string\"}", "{\"type\":\"number\"}", 3L, List.of("F16"),
                            Map.of("general.architecture", "llama")))
                    .trainingInfo(new TrainingInfo(List.of(new Dataset("reviews", "2024-06", 5000L, "sha256:ab")),
                            Map.of("r", 8, "target_modules", List.of("q", "v")), Map.of("lr", 0.001), 3, 32, 0.001, 900L,
                            Duration.ofMinutes(42), 1.5, 3.25, "1x A100"))
                    .metric("evaluation.accuracy", 0.91).metric("training.final_loss", 0.12)
                    .qualityGates(List.of(new QualityGate("safety", "passed", 0.97)))
                    .lineage(new Lineage(List.of("base:1.0.0"), List.of("reviews"), "4f2a9c1", "cfg1",
                            Map.of("python", "3.11"), null, List.of()))
                    .custom("team", Map.of("slack", "#ml")).custom("budget", 12).build());
            r.registerModel(Registration.builder("org/golden").version("1.1.0").build());
            r.registerModel(Registration.builder("org/golden").version("2.0.0-rc.1").build());
            r.setAlias("org/golden", "champion", "1.1.0");
            r.updateMetrics("org/golden:1.1.0", Map.of("evaluation.accuracy", 0.93));
            r.updateTags("org/golden:1.1.0", Set.of("fast"), Set.of());
            r.lifecycle().promote("org/golden:1.1.0", "testing", "evaluation.accuracy >= 0.9");
            r.lifecycle().deploy("org/golden:1.1.0", "staging", "https://staging/golden", 2);
            r.lifecycle().deploy("org/golden", "staging", List.of(new TrafficSplit("1.0.0+build.1", 80),
                    new TrafficSplit("1.1.0", 20)), "https://staging/golden", 3);
            r.lifecycle().rollback("org/golden", "staging");
            r.removeAlias("org/golden", "champion");
            r.deleteVersion("org/golden:2.0.0-rc.1");
            for (int i = 0; i < 22; i++) { // up to entry 32: a checkpoint, then a tail after it
                r.updateMetrics("org/golden:1.1.0", Map.of("online.ctr", i / 100.0));
            }
            r.setAlias("org/golden", "production", "1.1.0");
        }
        try (StorageBackend raw = StorageBackends.open(uri, Map.of()); Stream<ObjectInfo> all = raw.list("")) {
            for (ObjectInfo o : (Iterable<ObjectInfo>) all::iterator) {
                Path target = out.resolve(o.key());
                Files.createDirectories(target.getParent());
                Files.write(target, raw.getBytes(o.key()));
            }
        }
    }
}
