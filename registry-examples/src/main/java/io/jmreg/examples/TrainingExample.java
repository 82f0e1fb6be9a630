package io.jmreg.examples;

import io.jmreg.api.Bump;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.model.Dataset;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.TrainingInfo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training code: fits a model, writes its files to a directory and registers that directory with metrics,
 * datasets, hyper-parameters and the git commit, in one call.
 */
public final class TrainingExample {
    /** A labelled example. */
    public record Sample(String text, boolean positive) {
    }

    private TrainingExample() {
    }

    /** Fits word weights with a smoothing constant (the "hyper-parameter"). */
    public static LexiconModel train(List<Sample> data, double smoothing) {
        Map<String, double[]> counts = new HashMap<>();
        for (Sample s : data) {
            for (String w : s.text().toLowerCase(Locale.ROOT).split("[^a-z]+")) {
                if (!w.isEmpty()) {
                    counts.computeIfAbsent(w, k -> new double[2])[s.positive() ? 0 : 1]++;
                }
            }
        }
        Map<String, Double> weights = new HashMap<>();
        counts.forEach((w, c) -> weights.put(w, Math.log((c[0] + smoothing) / (c[1] + smoothing))));
        return new LexiconModel(weights, 0.0);
    }

    /** Share of samples the model classifies right. */
    public static double accuracy(LexiconModel model, List<Sample> data) {
        return data.stream().filter(s -> model.positive(s.text()) == s.positive()).count() / (double) data.size();
    }

    /** Trains, saves into {@code workDir} and registers a new minor version of {@code name}. */
    public static ModelVersion trainAndRegister(ModelRegistry registry, String name, List<Sample> train, List<Sample> eval,
                                                double smoothing, Path workDir) {
        long start = System.nanoTime();
        LexiconModel model = train(train, smoothing);
        model.save(workDir);
        double trainAccuracy = accuracy(model, train);
        double evalAccuracy = accuracy(model, eval);
        return registry.registerModel(Registration.builder(name)
                .bump(Bump.MINOR)
                .artifacts(workDir)
                .description("lexicon sentiment model, smoothing " + smoothing)
                .type("classification")
                .owner("ml-platform")
                .tags("sentiment", "example")
                .metric("training.accuracy", trainAccuracy)
                .metric("evaluation.accuracy", evalAccuracy)
                .trainingInfo(TrainingInfo.builder()
                        .datasets(List.of(new Dataset("reviews-demo", "1", (long) train.size(), null)))
                        .hyperParameters(Map.of("smoothing", smoothing)).epochs(1).batchSize(train.size()).steps(1L)
                        .duration(Duration.ofNanos(System.nanoTime() - start)).gpuHours(0.0).cost(0.0).hardware("cpu")
                        .build())
                .lineage(Lineage.builder().datasets(List.of("reviews-demo")).codeCommit(gitCommit())
                        .environment(Map.of("java", System.getProperty("java.version"))).build())
                .build());
    }

    private static String gitCommit() {
        String env = System.getenv("GIT_COMMIT");
        return env == null ? "unknown" : env;
    }
}
