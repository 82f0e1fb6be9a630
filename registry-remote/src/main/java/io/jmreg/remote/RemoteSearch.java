package io.jmreg.remote;

import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.BulkChange;
import io.jmreg.api.search.BulkOperations;
import io.jmreg.api.search.BulkResult;
import io.jmreg.api.search.RecommendationRequest;
import io.jmreg.api.search.Recommendations;
import io.jmreg.api.search.RegistrySearch;
import io.jmreg.api.search.RegistryStatistics;
import io.jmreg.api.search.SearchPage;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.api.search.Similar;
import io.jmreg.wire.Requests;
import io.jmreg.wire.WireJson;

import java.util.List;
import java.util.Locale;

/** Search and discovery on the server. */
final class RemoteSearch implements RegistrySearch {
    private final Http http;

    RemoteSearch(Http http) {
        this.http = http;
    }

    private static String query(SearchRequest r) {
        return Http.query("q", r.query(), "sort", r.sort().isEmpty() ? null : r.sort(), "limit", r.limit(),
                "page_token", r.pageToken());
    }

    @Override
    public SearchPage<ModelVersion> versions(SearchRequest request) {
        return http.get("/api/v1/search/versions" + query(request), WireJson.generic(SearchPage.class, ModelVersion.class));
    }

    @Override
    public SearchPage<ModelSummary> models(SearchRequest request) {
        return http.get("/api/v1/search/models" + query(request), WireJson.generic(SearchPage.class, ModelSummary.class));
    }

    @Override
    public Recommendations recommend(RecommendationRequest request) {
        return http.send("POST", "/api/v1/search/recommend", request, Recommendations.class);
    }

    @Override
    public List<Similar> similar(String reference, SimilarityBasis basis, int limit) {
        return http.get("/api/v1/search/similar" + Http.query("reference", reference, "basis",
                basis == null ? null : basis.name().toLowerCase(Locale.ROOT), "limit", limit), WireJson.listOf(Similar.class));
    }

    @Override
    public List<ModelVersion> compatibleAdapters(String reference) {
        return http.get("/api/v1/search/compatible-adapters" + Http.query("reference", reference),
                WireJson.listOf(ModelVersion.class));
    }

    @Override
    public List<ModelVersion> compatibleBaseModels(String adapterReference) {
        return http.get("/api/v1/search/compatible-base-models" + Http.query("reference", adapterReference),
                WireJson.listOf(ModelVersion.class));
    }

    @Override
    public RegistryStatistics statistics(RegistryStatistics.Period period, int inactiveDays) {
        return http.get("/api/v1/stats" + Http.query("period", period == null ? null : period.name().toLowerCase(Locale.ROOT),
                "inactive_days", inactiveDays), RegistryStatistics.class);
    }

    /** Bulk changes on the server. */
    static final class Bulk implements BulkOperations {
        private final Http http;

        Bulk(Http http) {
            this.http = http;
        }

        @Override
        public BulkResult apply(String query, BulkChange change) {
            return http.send("POST", "/api/v1/bulk", new Requests.Bulk(query, change, false), BulkResult.class);
        }

        @Override
        public BulkResult dryRun(String query, BulkChange change) {
            return http.send("POST", "/api/v1/bulk", new Requests.Bulk(query, change, true), BulkResult.class);
        }
    }
}
