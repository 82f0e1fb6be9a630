package io.jmreg.api.events;

import java.time.Instant;
import java.util.Map;

/**
 * Something that was committed to the registry by this process.
 *
 * @param type     what happened
 * @param model    model name
 * @param version  the version concerned (null for a rollback or alias removal without one, and for a change of the
 *                 model card)
 * @param details  event-specific facts (alias, from/to stage, environment, previous version, ...)
 * @param at       commit time
 * @param by       principal
 * @param sequence log sequence number of the commit
 */
public record RegistryEvent(Type type, String model, String version, Map<String, String> details, Instant at, String by,
                            long sequence) {
    /** Kinds of events. */
    public enum Type {
        /** A version was registered. */
        REGISTERED,
        /** A version moved to another stage. */
        STAGE_CHANGED,
        /** An alias was set, moved or removed. */
        ALIAS_MOVED,
        /** An environment got a new deployment. */
        DEPLOYED,
        /** An environment was rolled back to what it served before. */
        ROLLED_BACK,
        /** A version was deleted. */
        DELETED,
        /**
         * Metrics, tags or the description of a version changed, or the model card (then with no version and the
         * detail {@code model_description}: {@code updated} or {@code removed}).
         */
        UPDATED,
        /** A promotion into a stage that needs approval was requested (details: {@code stage}). */
        PROMOTION_REQUESTED
    }

    /** Copies details. */
    public RegistryEvent {
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
