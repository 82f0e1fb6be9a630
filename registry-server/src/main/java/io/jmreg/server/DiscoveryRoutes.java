package io.jmreg.server;

import io.jmreg.api.search.RecommendationRequest;
import io.jmreg.api.search.RegistrySearch;
import io.jmreg.api.search.RegistryStatistics;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.wire.Requests;

import java.util.Locale;

/** Search with the query language, recommendations, similarity, adapters, lineage, statistics and bulk changes. */
final class DiscoveryRoutes {
    void register(Router r) {
        r.add("GET", "/api/v1/search/versions", x -> x.ok(x.registry().search().versions(request(x))));
        r.add("GET", "/api/v1/search/models", x -> x.ok(x.registry().search().models(request(x))));
        r.add("POST", "/api/v1/search/recommend",
                x -> x.ok(x.registry().search().recommend(x.body(RecommendationRequest.class))));
        r.add("GET", "/api/v1/search/similar", x -> x.ok(x.registry().search().similar(x.requiredQuery("reference"),
                basis(x.query("basis")), x.intQuery("limit", 10))));
        r.add("GET", "/api/v1/search/compatible-adapters",
                x -> x.ok(x.registry().search().compatibleAdapters(x.requiredQuery("reference"))));
        r.add("GET", "/api/v1/search/compatible-base-models",
                x -> x.ok(x.registry().search().compatibleBaseModels(x.requiredQuery("reference"))));
        r.add("GET", "/api/v1/stats", x -> x.ok(x.registry().search().statistics(period(x.query("period")),
                x.intQuery("inactive_days", 30))));
        r.add("POST", "/api/v1/bulk", x -> {
            Requests.Bulk b = x.body(Requests.Bulk.class);
            x.ok(b.dryRun() ? x.registry().bulk().dryRun(b.query(), b.change())
                    : x.registry().bulk().apply(b.query(), b.change()));
        });
        r.add("GET", "/api/v1/lineage/{relation}", x -> {
            String ref = x.requiredQuery("reference");
            var lineage = x.registry().lineage();
            switch (x.param("relation")) {
                case "parents" -> x.ok(lineage.parents(ref));
                case "children" -> x.ok(lineage.children(ref));
                case "ancestors" -> x.ok(lineage.ancestors(ref));
                case "descendants" -> x.ok(lineage.descendants(ref));
                case "graph" -> x.ok(lineage.graph(ref));
                default -> throw new HttpError(404, "not_found", "no lineage relation '%s' (parents, children, "
                        + "ancestors, descendants, graph)", x.param("relation"));
            }
        });
        r.add("GET", "/api/v1/datasets/{dataset}/consumers",
                x -> x.ok(x.registry().lineage().fedBy(x.param("dataset"))));
    }

    private static SearchRequest request(Exchange x) {
        return new SearchRequest(x.query("q") == null ? "" : x.query("q"), x.query("sort"), x.intQuery("limit", 50),
                x.query("page_token"));
    }

    private static RegistrySearch.SimilarityBasis basis(String text) {
        try {
            return text == null ? RegistrySearch.SimilarityBasis.METRICS
                    : RegistrySearch.SimilarityBasis.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "bad_request", "basis must be metrics or tags, got '%s'", text);
        }
    }

    private static RegistryStatistics.Period period(String text) {
        try {
            return text == null ? RegistryStatistics.Period.MONTH
                    : RegistryStatistics.Period.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "bad_request", "period must be day, week or month, got '%s'", text);
        }
    }
}
