package io.jmreg.server;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.Dataset;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.ModelInfo;
import io.jmreg.api.model.QualityGate;
import io.jmreg.api.model.TrainingInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The registry the web UI tests look at: a policy (alice develops, bob is an ML engineer, viewer only reads, admin
 * administers), {@code fraud/detector} with three versions, artifacts, datasets, lineage, an A/B deployment and
 * alias moves, a description with markup, and {@code extra} plain models to page through.
 */
final class UiFixture {
    static final String MODEL = "fraud/detector";
    static final String HOSTILE = "<script>alert('pwned')</script> & <b>bold</b>";
    /** When the fixture finished promoting 1.1.0 to testing (before it reached staging). */
    Instant afterTesting;

    void populate(ModelRegistry registry, Path temp, int extra) throws IOException {
        registry.access().install(AccessPolicy.builder().grant("admin", "model_admin").grant("alice", "model_developer")
                .grant("bob", "ml_engineer").grant("viewer", "viewer").grant("server", "model_admin").build());
        ModelRegistry alice = registry.as("alice");
        ModelRegistry bob = registry.as("bob");
        double[] accuracy = {0.81, 0.86, 0.93};
        for (int i = 0; i < 3; i++) {
            String version = "1." + i + ".0";
            Path dir = Files.createDirectories(temp.resolve("fixture-" + i));
            byte[] weights = new byte[96 * 1024 + i];
            new Random(i).nextBytes(weights);
            Files.write(dir.resolve("model.safetensors"), weights);
            Files.writeString(dir.resolve("config.json"), "{\"layers\": " + (4 + i) + "}");
            if (i == 1) {
                Files.write(dir.resolve("legacy.pkl"), new byte[]{(byte) 0x80, 4, '.', 0});
            }
            Registration.Builder b = Registration.builder(MODEL).version(version).artifacts(dir).owner("risk-team")
                    .type("classification").tags("fraud", "team:risk")
                    .metric("evaluation.accuracy", accuracy[i]).metric("evaluation.latency_ms", 40 - 5 * i)
                    .modelInfo(ModelInfo.builder().framework("pytorch").baseModel("xgb-base").build())
                    .trainingInfo(TrainingInfo.builder().datasets(List.of(Dataset.of("transactions", "2026-0" + (i + 1)),
                            Dataset.of("chargebacks", i < 2 ? "v1" : "v2"))).hyperParameters(Map.of("depth", 6 + i,
                            "eta", 0.1)).epochs(10 + i).build())
                    .qualityGates(List.of(new QualityGate("bias_review", "passed", 0.97)))
                    .custom("ticket", i == 2 ? HOSTILE : "RISK-" + i);
            if (i == 2) {
                b.description(HOSTILE).lineage(Lineage.ofParents(MODEL + ":1.1.0"));
            } else {
                b.description("Gradient-boosted fraud scorer, generation " + i);
            }
            alice.registerModel(b.build());
        }
        bob.lifecycle().promote(MODEL + ":1.1.0", "testing");
        afterTesting = Instant.now();
        sleepAMoment();
        bob.lifecycle().promote(MODEL + ":1.1.0", "staging", "evaluation.accuracy >= 0.85");
        bob.lifecycle().promote(MODEL + ":1.1.0", "production");
        bob.lifecycle().deploy(MODEL + ":1.1.0", "production", "https://fraud.example/v1", 3);
        bob.setAlias(MODEL, "champion", "1.0.0");
        bob.setAlias(MODEL, "champion", "1.1.0");
        bob.setAlias(MODEL, "challenger", "1.2.0");
        bob.lifecycle().deploy(MODEL, "production", List.of(new TrafficSplit("1.1.0", 90), new TrafficSplit("1.2.0", 10)),
                "https://fraud.example/v1", 3);
        alice.registerModel(Registration.builder("nlp/summarizer").version("0.3.0").owner("nlp-team").type("llm")
                .metric("evaluation.rouge_l", 0.41).tags("nlp").build());
        for (int i = 0; i < extra; i++) {
            alice.registerModel(Registration.builder(String.format("bulk/m-%03d", i)).version("1.0.0")
                    .owner("bulk").metric("evaluation.accuracy", i / 100.0).build());
        }
    }

    private static void sleepAMoment() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
