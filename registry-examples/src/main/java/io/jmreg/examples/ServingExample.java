package io.jmreg.examples;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.model.ModelVersion;

import java.nio.file.Path;

/**
 * A serving application: resolves {@code name@production}, materialises the verified files from the local pull
 * cache (free after the first time) and loads the model.
 */
public final class ServingExample {
    /** A loaded model and the version it came from. */
    public record Loaded(ModelVersion version, LexiconModel model, Path files) {
    }

    private ServingExample() {
    }

    /** Loads whatever {@code reference} (e.g. {@code sentiment@production}) points to now. */
    public static Loaded load(ModelRegistry registry, String reference) {
        ModelVersion version = registry.resolve(reference);
        Path files = registry.pull(version.reference());
        return new Loaded(version, LexiconModel.load(files), files);
    }
}
