package io.jmreg.api.model;

import java.time.Instant;
import java.util.Map;

/**
 * A model at a glance.
 *
 * @param name          the model name
 * @param versionCount  live versions
 * @param latestVersion highest non-pre-release version, or null
 * @param aliases       alias to version
 * @param updatedAt     time of the last change
 * @param sequence      sequence number of the last log entry
 * @param description   the model card: Markdown describing the model as a whole, or null when none was set
 */
public record ModelSummary(String name, int versionCount, String latestVersion, Map<String, String> aliases,
                           Instant updatedAt, long sequence, String description) {
    /** Copies the aliases. */
    public ModelSummary {
        aliases = Copies.sortedMap(aliases);
    }

    /** A summary without a model card (the form before model cards existed). */
    public ModelSummary(String name, int versionCount, String latestVersion, Map<String, String> aliases,
                        Instant updatedAt, long sequence) {
        this(name, versionCount, latestVersion, aliases, updatedAt, sequence, null);
    }
}
