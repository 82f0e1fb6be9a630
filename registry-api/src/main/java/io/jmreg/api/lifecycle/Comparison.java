package io.jmreg.api.lifecycle;

import java.util.List;
import java.util.Map;

/**
 * Two versions side by side (SPEC 5.4).
 *
 * @param a                first version reference
 * @param b                second version reference
 * @param metrics          every metric of either, with deltas
 * @param parameters       hyper-parameters, method config and model_info settings that differ
 * @param datasetsAdded    datasets b used that a did not
 * @param datasetsRemoved  datasets a used that b does not
 * @param filesAdded       artifact paths only in b
 * @param filesRemoved     artifact paths only in a
 * @param filesChanged     artifact paths in both with different content
 * @param winner           the better reference on {@code winnerMetric}, or null (missing or equal)
 * @param winnerMetric     the metric the winner was chosen on, or null
 */
public record Comparison(String a, String b, Map<String, MetricDelta> metrics, Map<String, ValueChange> parameters,
                         List<String> datasetsAdded, List<String> datasetsRemoved, List<String> filesAdded,
                         List<String> filesRemoved, List<String> filesChanged, String winner, String winnerMetric) {
}
