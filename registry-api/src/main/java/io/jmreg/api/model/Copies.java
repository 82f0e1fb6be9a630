package io.jmreg.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Defensive, null-tolerant immutable copies for the value types. */
final class Copies {
    private Copies() {
    }

    static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    static Set<String> sortedSet(Set<String> set) {
        return set == null ? Collections.emptySortedSet() : Collections.unmodifiableSortedSet(new TreeSet<>(set));
    }

    static <V> Map<String, V> sortedMap(Map<String, V> map) {
        if (map == null) {
            return Collections.emptySortedMap();
        }
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }

    /** Keeps insertion order and tolerates null values (free-form JSON). */
    static Map<String, Object> jsonMap(Map<String, Object> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
