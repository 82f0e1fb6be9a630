package io.jmreg.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Defensive, null-tolerant immutable copies for the value types. */
final class Copies {
    private Copies() {
    }

    static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** Sorted; empty sets share one instance, copies of copies are the copy itself. */
    static Set<String> sortedSet(Set<String> set) {
        if (set == null || set.isEmpty()) {
            return Collections.emptySortedSet();
        }
        return set instanceof CompactSortedSet compact ? compact : CompactSortedSet.of(set);
    }

    /** Sorted by key; empty maps share one instance, copies of copies are the copy itself. */
    static <V> Map<String, V> sortedMap(Map<String, V> map) {
        if (map == null || map.isEmpty()) {
            return Collections.emptySortedMap();
        }
        return map instanceof CompactSortedMap<V> compact ? compact : CompactSortedMap.of(map);
    }

    /** Keeps insertion order and tolerates null values (free-form JSON); empty maps share one instance. */
    static Map<String, Object> jsonMap(Map<String, Object> map) {
        if (map == null || map.isEmpty()) {
            return Collections.emptyMap();
        }
        if (map.size() == 1) {
            Map.Entry<String, Object> only = map.entrySet().iterator().next();
            return Collections.singletonMap(only.getKey(), only.getValue());
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
