package io.jmreg.serving;

import io.jmreg.api.model.ModelVersion;

import java.nio.file.Path;

/**
 * Turns the verified local files of a model version into what serves it (a loaded session, a predictor). Called once
 * at start and again each time the watched alias moves; if the result is {@link AutoCloseable} it is closed when
 * replaced and no caller uses it any more.
 *
 * @param <T> what serves the model
 */
@FunctionalInterface
public interface ModelLoader<T> {
    /**
     * Loads {@code version} from {@code files}, its verified snapshot directory (read-only; do not modify).
     *
     * @throws Exception when it cannot be loaded: at start this fails start-up; on a move the current model stays
     */
    T load(ModelVersion version, Path files) throws Exception;
}
