package io.jmreg.api;

/** Which part of the latest version an automatic version increments. */
public enum Bump {
    /** x.0.0 (the first version becomes 1.0.0). */
    MAJOR,
    /** 0.x.0 (the first version becomes 0.1.0). */
    MINOR,
    /** 0.0.x (the first version becomes 0.0.1). */
    PATCH
}
