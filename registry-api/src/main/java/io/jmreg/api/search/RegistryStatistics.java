package io.jmreg.api.search;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry at a glance.
 *
 * @param models               models
 * @param versions             live versions
 * @param byStage              live versions per stage
 * @param byType               live versions per type ({@code (none)} when unset)
 * @param byTier               live versions per tier
 * @param logicalBytes         artifact bytes of all live versions
 * @param storedBytes          the same after deduplication (each distinct blob once)
 * @param registrations        live versions registered per period (period key to count, oldest first)
 * @param deployments          deployments and rollbacks per period
 * @param downloads            artifact downloads per period; empty when no download source is recorded
 * @param downloadsRecorded    whether downloads are counted (they come from the audit trail once it is kept)
 * @param mostUsed             models by deployments (and downloads when recorded) in the whole history, most first
 * @param inactiveModels       models with no deployment (nor download, when recorded) in the inactivity window
 */
public record RegistryStatistics(long models, long versions, Map<String, Long> byStage, Map<String, Long> byType,
                                 Map<String, Long> byTier, long logicalBytes, long storedBytes,
                                 Map<String, Long> registrations, Map<String, Long> deployments,
                                 Map<String, Long> downloads, boolean downloadsRecorded, List<String> mostUsed,
                                 List<String> inactiveModels) {
    /** Periods statistics are counted in. */
    public enum Period {
        /** {@code 2026-11-23}. */ DAY,
        /** ISO weeks, {@code 2026-W47}. */ WEEK,
        /** {@code 2026-11}. */ MONTH
    }

    /** Copies the collections. */
    public RegistryStatistics {
        byStage = Map.copyOf(byStage);
        byType = Map.copyOf(byType);
        byTier = Map.copyOf(byTier);
        registrations = Collections.unmodifiableMap(new TreeMap<>(registrations));
        deployments = Collections.unmodifiableMap(new TreeMap<>(deployments));
        downloads = Collections.unmodifiableMap(new TreeMap<>(downloads));
        mostUsed = List.copyOf(mostUsed);
        inactiveModels = List.copyOf(inactiveModels);
    }
}
