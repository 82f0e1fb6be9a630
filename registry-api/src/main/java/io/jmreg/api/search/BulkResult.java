package io.jmreg.api.search;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a bulk change did, version by version; one refused version does not undo the others.
 *
 * @param dryRun  true when nothing was changed: {@code changed} then lists what the query selected
 * @param changed references of the versions changed (or, in a dry run, selected)
 * @param refused references of the versions refused, with the reason (illegal transition, failed gate, stage rule)
 */
public record BulkResult(boolean dryRun, List<String> changed, Map<String, String> refused) {
    /** Copies. */
    public BulkResult {
        changed = List.copyOf(changed);
        refused = Collections.unmodifiableMap(new TreeMap<>(refused));
    }
}
