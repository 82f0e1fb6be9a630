package io.jmreg.api.search;

import io.jmreg.api.Names;
import io.jmreg.api.exceptions.ValidationException;
import java.util.Arrays;
import java.util.Collection;
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
        addTags = addTags == null ? Set.of() : Set.copyOf(noNulls(addTags, "a tag to add"));
        removeTags = removeTags == null ? Set.of() : Set.copyOf(noNulls(removeTags, "a tag to remove"));
        addTags.forEach(Names::requireTag);
        removeTags.forEach(Names::requireTag);
        if (metrics != null) {
            noNulls(metrics.keySet(), "a metric name");
            noNulls(metrics.values(), "a metric value");
        }
        metrics = metrics == null ? Map.of() : Map.copyOf(new TreeMap<>(metrics));
        metrics.forEach((k, v) -> Names.requireMetricValue(Names.requireMetricName(k), v));
        gates = gates == null ? List.of() : List.copyOf(noNulls(gates, "a gate"));
        if (kind == Kind.TAGS && addTags.isEmpty() && removeTags.isEmpty()
                || kind == Kind.METRICS && metrics.isEmpty() || kind == Kind.PROMOTE && (stage == null || stage.isBlank())) {
            throw new ValidationException("bulk change %s has nothing to apply", kind);
        }
    }

    private static <T extends Collection<?>> T noNulls(T values, String what) {
        for (Object v : values) {
            if (v == null) {
                throw new ValidationException("a bulk change was given null as %s", what);
            }
        }
        return values;
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
        if (gates == null) {
            throw new ValidationException("bulk promotion to '%s' was given null gates: give none, or gate expressions",
                    stage);
        }
        return new BulkChange(Kind.PROMOTE, null, null, null, stage, Arrays.asList(gates));
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
