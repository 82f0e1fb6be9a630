package io.jmreg.core.catalog;

import io.jmreg.api.exceptions.ValidationException;

import java.time.Duration;
import java.util.Map;

/**
 * When the catalog index compacts and forgets.
 *
 * @param compactAfterHints a process that catches up over at least this many hints writes a new generation
 * @param compactAfter      ... or over any hint when the newest generation is at least this old
 * @param hintExpiry        a hint whose commit has not happened after this long belongs to a crashed writer and is
 *                          deleted (a commit still retrying re-announces itself every {@code hintExpiry / 12})
 * @param shardVersions     a generation's shard is closed once it holds this many versions (or 256 models)
 */
public record CatalogSettings(int compactAfterHints, Duration compactAfter, Duration hintExpiry, int shardVersions) {
    /** Property (in {@code RegistryOptions}) that sets {@link #compactAfterHints()}. */
    public static final String COMPACT_AFTER_HINTS = "catalog.compact-after-hints";
    /** Property that sets {@link #compactAfter()} in seconds. */
    public static final String COMPACT_AFTER_SECONDS = "catalog.compact-after-seconds";
    /** Property that sets {@link #hintExpiry()} in seconds. */
    public static final String HINT_EXPIRY_SECONDS = "catalog.hint-expiry-seconds";

    /** Property that sets {@link #shardVersions()}. */
    public static final String SHARD_VERSIONS = "catalog.shard-versions";

    /** Validates. */
    public CatalogSettings {
        if (shardVersions < 1 || compactAfterHints < 1 || compactAfter.isNegative() || hintExpiry.compareTo(Duration.ofSeconds(60)) < 0) {
            throw new ValidationException("catalog settings: compact after at least 1 hint and 0 s, hint expiry at "
                    + "least 60 s, shards of at least 1 version (got %d, %s, %s, %d)", compactAfterHints, compactAfter, hintExpiry,
                    shardVersions);
        }
    }

    /** Settings from registry properties; defaults 256 hints, 10 minutes, 1 hour, 2,000 versions. */
    public static CatalogSettings from(Map<String, String> properties) {
        return new CatalogSettings((int) number(properties, COMPACT_AFTER_HINTS, 256),
                Duration.ofSeconds(number(properties, COMPACT_AFTER_SECONDS, 600)),
                Duration.ofSeconds(number(properties, HINT_EXPIRY_SECONDS, 3600)),
                (int) number(properties, SHARD_VERSIONS, 2_000));
    }

    private static long number(Map<String, String> properties, String key, long fallback) {
        String value = properties.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new ValidationException("registry property %s must be a whole number, got '%s'", key, value);
        }
    }
}
