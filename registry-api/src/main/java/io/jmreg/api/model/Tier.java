package io.jmreg.api.model;

/** Access tier of a model (SPEC 8.2): a principal of a tier sees its tier and the ones below. */
public enum Tier {
    /** The lowest tier. */
    LITE,
    /** The middle tier. */
    STANDARD,
    /** The highest tier. */
    PROFESSIONAL
}
