package io.jmreg.examples;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.GateFailedException;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.ModelVersion;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A promotion pipeline as CI would run it: train -> register -> gate -> staging -> production -> deploy
 * (with an A/B split) -> rollback. Usage: {@code PromotionPipelineExample [store-uri]} (default {@code mem:}).
 */
public final class PromotionPipelineExample {
    /** The gate every candidate must pass to reach staging. */
    static final String GATE = "evaluation.accuracy >= 0.75";

    private PromotionPipelineExample() {
    }

    /** Runs the pipeline and returns what it did, line by line. */
    public static List<String> run(ModelRegistry registry, Path work) {
        List<String> log = new ArrayList<>();
        registry.addListener(e -> log.add("  event " + e.type() + " " + e.model() + (e.version() == null ? "" : ":" + e.version())
                + " " + e.details()));

        ModelVersion v1 = TrainingExample.trainAndRegister(registry, "sentiment", Demo.TRAIN, Demo.EVAL, 1.0, work.resolve("v1"));
        promoteToProduction(registry, v1, log);
        registry.lifecycle().deploy(v1.reference(), "production", "https://models.internal/sentiment", 2);
        log.add("deployed " + v1.reference() + " to production");

        // a weak candidate: trained on negative reviews only, stopped by the gate
        ModelVersion weak = TrainingExample.trainAndRegister(registry, "sentiment", Demo.TRAIN.subList(3, 5), Demo.EVAL, 1.0,
                work.resolve("weak"));
        registry.lifecycle().promote(weak.reference(), "testing");
        try {
            registry.lifecycle().promote(weak.reference(), "staging", GATE);
        } catch (GateFailedException e) {
            log.add("gate refused " + weak.reference() + ": " + e.failed());
        }

        // a good candidate goes out as a 20 % canary, then the canary is rolled back
        ModelVersion v2 = TrainingExample.trainAndRegister(registry, "sentiment", Demo.TRAIN, Demo.EVAL, 0.5, work.resolve("v2"));
        promoteToProduction(registry, v2, log);
        EnvironmentDeployment canary = registry.lifecycle().deploy("sentiment", "production",
                List.of(new TrafficSplit(v1.version(), 80), new TrafficSplit(v2.version(), 20)),
                "https://models.internal/sentiment", 3);
        log.add("canary " + canary.splits() + "; sentiment@production -> " + registry.resolve("sentiment@production").version());
        EnvironmentDeployment back = registry.lifecycle().rollback("sentiment", "production");
        log.add("rolled back production to " + back.splits());
        return log;
    }

    private static void promoteToProduction(ModelRegistry registry, ModelVersion v, List<String> log) {
        registry.lifecycle().promote(v.reference(), "testing");
        registry.lifecycle().promote(v.reference(), "staging", GATE);
        registry.lifecycle().promote(v.reference(), "production", GATE, "stage == staging");
        log.add("promoted " + v.reference() + " to production (" + GATE + ": "
                + registry.resolve(v.reference()).metrics().get("evaluation.accuracy") + ")");
    }

    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 ? args[0] : "mem:";
        Path work = Files.createTempDirectory("jmreg-pipeline");
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(work.resolve("cache")).build())) {
            run(registry, work).forEach(System.out::println);
        }
    }
}
