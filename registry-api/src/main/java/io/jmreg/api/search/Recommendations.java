package io.jmreg.api.search;

import java.util.List;

/**
 * Recommendations for a use case, best first.
 *
 * @param items              the qualifying versions, ranked
 * @param lackingData        candidates excluded because they lack data a requirement needs (a metric, a size)
 * @param failedRequirements candidates excluded because they miss a requirement
 */
public record Recommendations(List<Recommendation> items, int lackingData, int failedRequirements) {
    /** Copies the items. */
    public Recommendations {
        items = List.copyOf(items);
    }
}
