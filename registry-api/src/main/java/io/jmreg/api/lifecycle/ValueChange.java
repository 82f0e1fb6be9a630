package io.jmreg.api.lifecycle;

/**
 * A setting that differs between two versions.
 *
 * @param a value on the first version (null when absent)
 * @param b value on the second version (null when absent)
 */
public record ValueChange(Object a, Object b) {
}
