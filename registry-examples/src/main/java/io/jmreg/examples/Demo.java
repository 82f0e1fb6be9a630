package io.jmreg.examples;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.GateFailedException;
import io.jmreg.api.lifecycle.Comparison;
import io.jmreg.api.model.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The main job: register -> promote -> resolve -> load on an embedded {@code file:} store.
 * Usage: {@code Demo [store-uri]} (default {@code file:registry-data}, pull cache in {@code registry-data-cache}).
 */
public final class Demo {
    static final List<TrainingExample.Sample> TRAIN = List.of(
            new TrainingExample.Sample("great movie loved it", true),
            new TrainingExample.Sample("wonderful acting and a great story", true),
            new TrainingExample.Sample("loved the music", true),
            new TrainingExample.Sample("terrible plot and awful acting", false),
            new TrainingExample.Sample("boring and terrible", false),
            new TrainingExample.Sample("awful I hated it", false));
    static final List<TrainingExample.Sample> EVAL = List.of(
            new TrainingExample.Sample("a great story", true),
            new TrainingExample.Sample("loved it", true),
            new TrainingExample.Sample("awful and boring", false),
            new TrainingExample.Sample("hated the terrible music", false));

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 ? args[0] : "file:registry-data";
        Path cache = Path.of(args.length > 1 ? args[1] : "registry-data-cache");
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(cache).build())) {
            System.out.println("registry: " + registry.uri());
            Path work = Files.createTempDirectory("jmreg-demo");
            try {
                run(registry, work);
            } finally {
                try (var files = Files.walk(work)) { // the training runs' scratch files; the registry keeps its copies
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static void run(ModelRegistry registry, Path work) throws Exception {
        // 1. register: two training runs with different hyper-parameters
        ModelVersion a = TrainingExample.trainAndRegister(registry, "sentiment", TRAIN, EVAL, 0.5, work.resolve("run-a"));
        ModelVersion b = TrainingExample.trainAndRegister(registry, "sentiment", TRAIN, EVAL, 2.0, work.resolve("run-b"));
        for (ModelVersion v : List.of(a, b)) {
            System.out.printf("registered %s  evaluation.accuracy=%.2f  files=%d  content=sha256:%s%n", v.reference(),
                    v.metrics().get("evaluation.accuracy"), v.artifacts().files().size(),
                    v.artifacts().digest().substring(0, 12));
        }

        // 2. promote: the better run goes through the lifecycle behind a quality gate and is deployed,
        //    which moves sentiment@production to it
        Comparison comparison = registry.lifecycle().compare(a.reference(), b.reference(), "evaluation.accuracy", true);
        ModelVersion best = comparison.winner() == null || comparison.winner().equals(b.reference()) ? b : a;
        String gate = "evaluation.accuracy >= 0.75";
        registry.lifecycle().promote(best.reference(), "testing");
        try {
            registry.lifecycle().promote(best.reference(), "staging", gate);
        } catch (GateFailedException e) {
            System.out.println("not promoted: " + e.getMessage());
            return;
        }
        registry.lifecycle().promote(best.reference(), "production", gate);
        registry.lifecycle().deploy(best.reference(), "production", "local://sentiment", 1);
        System.out.println("promoted " + best.reference() + " through testing and staging (" + gate
                + ") to production, and deployed it: sentiment@production");

        // 3. resolve and 4. load: what a serving application does
        ServingExample.Loaded served = ServingExample.load(registry, "sentiment@production");
        System.out.println("resolved sentiment@production -> " + served.version().reference()
                + ", loaded " + served.model().vocabularySize() + " words from " + served.files());
        for (String text : List.of("what a great story", "boring and awful")) {
            System.out.printf("  \"%s\" -> %s%n", text, served.model().positive(text) ? "positive" : "negative");
        }
        System.out.println("versions in store: " + registry.listVersions("sentiment").size()
                + ", production history: " + registry.aliasHistory("sentiment", "production").size() + " move(s)");
    }
}
