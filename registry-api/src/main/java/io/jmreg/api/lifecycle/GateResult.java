package io.jmreg.api.lifecycle;

/**
 * The outcome of one quality gate at promotion.
 *
 * @param expression the gate, e.g. {@code evaluation.accuracy >= 0.85}
 * @param actual     the value found on the version, or null when it has none
 * @param passed     whether the gate held
 */
public record GateResult(String expression, String actual, boolean passed) {
}
