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
 */
public record ModelSummary(String name, int versionCount, String latestVersion, Map<String, String> aliases,
                           Instant updatedAt, long sequence) {
    /** Copies the aliases. */
    public ModelSummary {
        aliases = Copies.sortedMap(aliases);
    }
}
