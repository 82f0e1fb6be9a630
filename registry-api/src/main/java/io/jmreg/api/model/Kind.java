package io.jmreg.api.model;

/** Whether a version is a full model or an adapter (LoRA and the like) applied to a base model. */
public enum Kind {
    /** A standalone model. */
    MODEL,
    /** An adapter that needs a compatible base model. */
    ADAPTER
}
