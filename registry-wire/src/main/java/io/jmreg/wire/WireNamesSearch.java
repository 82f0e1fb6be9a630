package io.jmreg.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.BulkChange;
import io.jmreg.api.search.BulkResult;
import io.jmreg.api.search.Recommendation;
import io.jmreg.api.search.RecommendationRequest;
import io.jmreg.api.search.Recommendations;
import io.jmreg.api.search.RegistryStatistics;
import io.jmreg.api.search.SearchPage;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.api.search.Similar;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wire names of the API's search records in the HTTP API's JSON, owned here and not by the records'
 * Java names ({@code WireShapeTest} fails when a component has no wire name).
 */
final class WireNamesSearch {
    private WireNamesSearch() {
    }

    /** Applies the names of this group to {@code module}. */
    static void apply(SimpleModule module) {
        module.setMixInAnnotation(BulkChange.class, BulkChangeWire.class);
        module.setMixInAnnotation(BulkResult.class, BulkResultWire.class);
        module.setMixInAnnotation(Recommendation.class, RecommendationWire.class);
        module.setMixInAnnotation(RecommendationRequest.class, RecommendationRequestWire.class);
        module.setMixInAnnotation(Recommendations.class, RecommendationsWire.class);
        module.setMixInAnnotation(RegistryStatistics.class, RegistryStatisticsWire.class);
        module.setMixInAnnotation(SearchPage.class, SearchPageWire.class);
        module.setMixInAnnotation(SearchRequest.class, SearchRequestWire.class);
        module.setMixInAnnotation(Similar.class, SimilarWire.class);
    }

    /** Wire names of {@link BulkChange}. */
    interface BulkChangeWire {
        @JsonProperty("kind") BulkChange.Kind kind();
        @JsonProperty("add_tags") Set<String> addTags();
        @JsonProperty("remove_tags") Set<String> removeTags();
        @JsonProperty("metrics") Map<String, Double> metrics();
        @JsonProperty("stage") String stage();
        @JsonProperty("gates") List<String> gates();
    }

    /** Wire names of {@link BulkResult}. */
    interface BulkResultWire {
        @JsonProperty("dry_run") boolean dryRun();
        @JsonProperty("changed") List<String> changed();
        @JsonProperty("refused") Map<String, String> refused();
    }

    /** Wire names of {@link Recommendation}. */
    interface RecommendationWire {
        @JsonProperty("version") ModelVersion version();
        @JsonProperty("score") double score();
        @JsonProperty("reasons") List<String> reasons();
    }

    /** Wire names of {@link RecommendationRequest}. */
    interface RecommendationRequestWire {
        @JsonProperty("use_case") String useCase();
        @JsonProperty("minimum_metrics") Map<String, Double> minimumMetrics();
        @JsonProperty("latency_metric") String latencyMetric();
        @JsonProperty("max_latency") Double maxLatency();
        @JsonProperty("max_memory_bytes") Long maxMemoryBytes();
        @JsonProperty("rank_by") String rankBy();
        @JsonProperty("limit") int limit();
    }

    /** Wire names of {@link Recommendations}. */
    interface RecommendationsWire {
        @JsonProperty("items") List<Recommendation> items();
        @JsonProperty("lacking_data") int lackingData();
        @JsonProperty("failed_requirements") int failedRequirements();
    }

    /** Wire names of {@link RegistryStatistics}. */
    interface RegistryStatisticsWire {
        @JsonProperty("models") long models();
        @JsonProperty("versions") long versions();
        @JsonProperty("by_stage") Map<String, Long> byStage();
        @JsonProperty("by_type") Map<String, Long> byType();
        @JsonProperty("by_tier") Map<String, Long> byTier();
        @JsonProperty("logical_bytes") long logicalBytes();
        @JsonProperty("stored_bytes") long storedBytes();
        @JsonProperty("registrations") Map<String, Long> registrations();
        @JsonProperty("deployments") Map<String, Long> deployments();
        @JsonProperty("downloads") Map<String, Long> downloads();
        @JsonProperty("downloads_recorded") boolean downloadsRecorded();
        @JsonProperty("most_used") List<String> mostUsed();
        @JsonProperty("inactive_models") List<String> inactiveModels();
    }

    /** Wire names of {@link SearchPage}. */
    interface SearchPageWire<T> {
        @JsonProperty("items") List<T> items();
        @JsonProperty("total") long total();
        @JsonProperty("next_page_token") String nextPageToken();
    }

    /** Wire names of {@link SearchRequest}. */
    interface SearchRequestWire {
        @JsonProperty("query") String query();
        @JsonProperty("sort") String sort();
        @JsonProperty("limit") int limit();
        @JsonProperty("page_token") String pageToken();
    }

    /** Wire names of {@link Similar}. */
    interface SimilarWire {
        @JsonProperty("version") ModelVersion version();
        @JsonProperty("distance") double distance();
        @JsonProperty("basis") String basis();
    }
}
