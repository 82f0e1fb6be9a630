package io.jmreg.api.model;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded table of sorted name arrays (metric names, tag sets): records with the same names share one array and
 * its strings, so a million versions measured by the same metrics keep one copy of the names. Once the table is
 * full, arrays are kept as given.
 */
final class SharedKeys {
    private static final int LIMIT = 8192;
    private static final ConcurrentHashMap<List<String>, String[]> TABLE = new ConcurrentHashMap<>();

    private SharedKeys() {
    }

    /** The shared array equal to {@code sorted} (which is never changed afterwards). */
    static String[] of(String[] sorted) {
        String[] shared = TABLE.get(Arrays.asList(sorted));
        if (shared != null) {
            return shared;
        }
        if (TABLE.size() >= LIMIT) {
            return sorted;
        }
        String[] won = TABLE.putIfAbsent(Arrays.asList(sorted), sorted);
        return won == null ? sorted : won;
    }
}
