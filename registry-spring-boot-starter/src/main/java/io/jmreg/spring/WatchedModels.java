package io.jmreg.spring;

import io.jmreg.serving.ModelLoader;
import io.jmreg.serving.WatchedModel;
import io.jmreg.api.ModelRegistry;

import java.time.Duration;

/**
 * Makes {@link WatchedModel}s on the application's registry, following moves within {@code jmreg.watch.max-delay}.
 * Declare one as a bean; Spring closes it with the context:
 * <pre>{@code
 * @Bean
 * WatchedModel<Scorer> fraud(WatchedModels models) {
 *     return models.watch("fraud@production", (version, files) -> new Scorer(files.resolve("model.onnx")));
 * }
 * }</pre>
 */
public final class WatchedModels {
    private final ModelRegistry registry;
    private final Duration maxDelay;

    /** Watched models on {@code registry}, each following moves within {@code maxDelay}. */
    public WatchedModels(ModelRegistry registry, Duration maxDelay) {
        this.registry = registry;
        this.maxDelay = maxDelay;
    }

    /** Loads what {@code reference} selects now with {@code loader}, and again each time it moves. */
    public <T> WatchedModel<T> watch(String reference, ModelLoader<T> loader) {
        return WatchedModel.watch(registry, reference, maxDelay, loader);
    }
}
