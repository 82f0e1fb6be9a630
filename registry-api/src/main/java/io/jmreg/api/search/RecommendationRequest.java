package io.jmreg.api.search;

import io.jmreg.api.Names;
import io.jmreg.api.exceptions.ValidationException;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a use case needs from a model version.
 *
 * @param useCase        a query selecting candidates (type, tags, ...), e.g. {@code type:llm tags:medical}; empty for all
 * @param minimumMetrics metric name (as in queries: {@code rag_accuracy} finds it in any group) to its minimum
 * @param latencyMetric  the metric holding latency, e.g. {@code evaluation.latency_ms}; null when no latency bound
 * @param maxLatency     the largest acceptable value of {@code latencyMetric}, or null
 * @param maxMemoryBytes the most memory the version may need (recorded as metric {@code memory_bytes}, else
 *                       estimated from parameter count and dtype), or null
 * @param rankBy         the metric to rank by, higher first; null ranks by the first minimum metric
 * @param limit          how many to return (default 10)
 */
public record RecommendationRequest(String useCase, Map<String, Double> minimumMetrics, String latencyMetric,
                                    Double maxLatency, Long maxMemoryBytes, String rankBy, int limit) {
    /** Validates and copies. */
    public RecommendationRequest {
        useCase = useCase == null ? "" : useCase;
        minimumMetrics = minimumMetrics == null ? Map.of() : Map.copyOf(new TreeMap<>(minimumMetrics));
        minimumMetrics.keySet().forEach(Names::requireMetricName);
        if (latencyMetric != null) {
            Names.requireMetricName(latencyMetric);
        }
        if ((maxLatency == null) != (latencyMetric == null)) {
            throw new ValidationException("a latency bound needs both the latency metric and the maximum");
        }
        if (maxMemoryBytes != null && maxMemoryBytes <= 0) {
            throw new ValidationException("maxMemoryBytes must be positive, got %d", maxMemoryBytes);
        }
        if (rankBy != null) {
            Names.requireMetricName(rankBy);
        }
        limit = limit == 0 ? 10 : limit;
        if (limit < 1 || limit > 1000) {
            throw new ValidationException("limit must be within 1..1000, got %d", limit);
        }
    }

    /** Candidates selected by {@code useCase}, no requirement yet. */
    public static RecommendationRequest forUseCase(String useCase) {
        return new RecommendationRequest(useCase, null, null, null, null, null, 0);
    }

    /** With a minimum value of a metric. */
    public RecommendationRequest atLeast(String metric, double minimum) {
        Map<String, Double> m = new TreeMap<>(minimumMetrics);
        m.put(metric, minimum);
        return new RecommendationRequest(useCase, m, latencyMetric, maxLatency, maxMemoryBytes, rankBy, limit);
    }

    /** With a latency bound. */
    public RecommendationRequest latencyAtMost(String metric, double max) {
        return new RecommendationRequest(useCase, minimumMetrics, metric, max, maxMemoryBytes, rankBy, limit);
    }

    /** With a memory bound. */
    public RecommendationRequest memoryAtMost(long bytes) {
        return new RecommendationRequest(useCase, minimumMetrics, latencyMetric, maxLatency, bytes, rankBy, limit);
    }

    /** Ranked by a metric, higher first. */
    public RecommendationRequest rankedBy(String metric) {
        return new RecommendationRequest(useCase, minimumMetrics, latencyMetric, maxLatency, maxMemoryBytes, metric, limit);
    }
}
