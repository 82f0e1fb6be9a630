package io.jmreg.api.lifecycle;

/**
 * A metric of two versions.
 *
 * @param a        value on the first version, or null
 * @param b        value on the second version, or null
 * @param absolute b - a, or null when either is missing
 * @param relative (b - a) / |a|, or null when either is missing or a is 0
 */
public record MetricDelta(Double a, Double b, Double absolute, Double relative) {
    /** The delta of two values. */
    public static MetricDelta of(Double a, Double b) {
        Double abs = a != null && b != null ? b - a : null;
        Double rel = abs != null && a != 0 ? abs / Math.abs(a) : null;
        return new MetricDelta(a, b, abs, rel);
    }
}
