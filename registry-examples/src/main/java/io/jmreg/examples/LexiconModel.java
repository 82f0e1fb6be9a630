package io.jmreg.examples;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberately tiny sentiment model: one weight per word ({@code weights.json}) and a decision threshold
 * ({@code config.json}). It stands in for real weights so the examples run anywhere in a second.
 */
public final class LexiconModel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Double> weights;
    private final double threshold;

    /** A model from its parts. */
    public LexiconModel(Map<String, Double> weights, double threshold) {
        this.weights = Map.copyOf(weights);
        this.threshold = threshold;
    }

    /** Loads the model files from a directory (as materialised by {@code registry.pull}). */
    public static LexiconModel load(Path dir) {
        try {
            Map<String, Double> weights = JSON.readValue(dir.resolve("weights.json").toFile(), new TypeReference<>() { });
            Map<String, Object> config = JSON.readValue(dir.resolve("config.json").toFile(), new TypeReference<>() { });
            return new LexiconModel(weights, ((Number) config.get("threshold")).doubleValue());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load lexicon model from " + dir, e);
        }
    }

    /** Writes the model files into {@code dir}. */
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("weights.json").toFile(), new TreeMap<>(weights));
            JSON.writeValue(dir.resolve("config.json").toFile(), Map.of("threshold", threshold, "architecture", "lexicon"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save lexicon model to " + dir, e);
        }
    }

    /** The summed word weights of {@code text}. */
    public double score(String text) {
        double s = 0;
        for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            s += weights.getOrDefault(word, 0.0);
        }
        return s;
    }

    /** True when the text reads positive. */
    public boolean positive(String text) {
        return score(text) > threshold;
    }

    /** Number of words with a weight. */
    public int vocabularySize() {
        return weights.size();
    }
}
