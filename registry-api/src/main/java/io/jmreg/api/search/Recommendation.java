package io.jmreg.api.search;

import io.jmreg.api.model.ModelVersion;

import java.util.List;

/**
 * A recommended version and why it qualifies.
 *
 * @param version the version
 * @param score   the value of the ranking metric
 * @param reasons one line per requirement it meets (e.g. {@code evaluation.rag_accuracy 0.91 >= 0.85})
 */
public record Recommendation(ModelVersion version, double score, List<String> reasons) {
    /** Copies the reasons. */
    public Recommendation {
        reasons = List.copyOf(reasons);
    }
}
