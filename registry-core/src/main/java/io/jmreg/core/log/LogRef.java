package io.jmreg.core.log;

/**
 * One model log entry named by its place: entry {@code seq} of model {@code model}.
 *
 * @param model the model
 * @param seq   the entry's position in its log, 1-based
 */
public record LogRef(String model, long seq) {
}
