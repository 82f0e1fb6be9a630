package io.jmreg.api.search;

import io.jmreg.api.Names;
import io.jmreg.api.exceptions.ValidationException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One change to apply to every version a query selects; each version's change is its own log entry.
 *
 * @param kind       what to change
 * @param addTags    for TAGS: tags to add
 * @param removeTags for TAGS: tags to remove
 * @param metrics    for METRICS: metrics to merge
 * @param stage      for PROMOTE: the target stage
 * @param gates      for PROMOTE: quality gates each version must pass
 */
public record BulkChange(Kind kind, Set<String> addTags, Set<String> removeTags, Map<String, Double> metrics, String stage,
                         List<String> gates) {
    /** Kinds of bulk change. */
    public enum Kind {
        /** Add and remove tags. */ TAGS,
        /** Merge metrics. */ METRICS,
        /** Promote (with gates, per version). */ PROMOTE,
        /** Delete. */ DELETE
    }

    /** Validates. */
    public BulkChange {
        if (kind == null) {
            throw new ValidationException("a bulk change needs a kind");
        }
        addTags = addTags == null ? Set.of() : Set.copyOf(addTags);
        removeTags = removeTags == null ? Set.of() : Set.copyOf(removeTags);
        addTags.forEach(Names::requireTag);
        removeTags.forEach(Names::requireTag);
        metrics = metrics == null ? Map.of() : Map.copyOf(new TreeMap<>(metrics));
        metrics.forEach((k, v) -> Names.requireMetricValue(Names.requireMetricName(k), v));
        gates = gates == null ? List.of() : List.copyOf(gates);
        if (kind == Kind.TAGS && addTags.isEmpty() && removeTags.isEmpty()
                || kind == Kind.METRICS && metrics.isEmpty() || kind == Kind.PROMOTE && (stage == null || stage.isBlank())) {
            throw new ValidationException("bulk change %s has nothing to apply", kind);
        }
    }

    /** Add and remove tags. */
    public static BulkChange tags(Set<String> add, Set<String> remove) {
        return new BulkChange(Kind.TAGS, add, remove, null, null, null);
    }

    /** Merge metrics. */
    public static BulkChange metrics(Map<String, Double> metrics) {
        return new BulkChange(Kind.METRICS, null, null, metrics, null, null);
    }

    /** Promote to {@code stage} behind gates. */
    public static BulkChange promote(String stage, String... gates) {
        return new BulkChange(Kind.PROMOTE, null, null, null, stage, List.of(gates));
    }

    /** Move to the stage {@code deprecated}. */
    public static BulkChange deprecate() {
        return promote("deprecated");
    }

    /** Delete. */
    public static BulkChange delete() {
        return new BulkChange(Kind.DELETE, null, null, null, null, null);
    }
}
