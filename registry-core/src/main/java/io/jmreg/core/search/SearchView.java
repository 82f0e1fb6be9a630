package io.jmreg.core.search;

import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.RecommendationRequest;
import io.jmreg.api.search.Recommendations;
import io.jmreg.api.search.RegistrySearch;
import io.jmreg.api.search.RegistryStatistics;
import io.jmreg.api.search.SearchPage;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.api.search.Similar;
import io.jmreg.core.pipeline.Caller;
import io.jmreg.core.pipeline.Operation;
import io.jmreg.core.pipeline.OperationPipeline;
import java.util.List;


/** Search and discovery as one principal: every call passes the operation pipeline. */
public final class SearchView implements RegistrySearch {
    private final OperationPipeline pipeline;
    private final Caller principal;
    private final SearchService search;
    private final Discovery discovery;
    private final Statistics statistics;

    /** The search of {@code principal}. */
    public SearchView(OperationPipeline pipeline, Caller principal, SearchService search, Discovery discovery,
                      Statistics statistics) {
        this.pipeline = pipeline;
        this.principal = principal;
        this.search = search;
        this.discovery = discovery;
        this.statistics = statistics;
    }

    @Override
    public SearchPage<ModelVersion> versions(SearchRequest request) {
        return pipeline.run(principal, Operation.search(),
                ctx -> search.versions(request, SearchService.visibility(ctx), ctx.principal()));
    }

    @Override
    public SearchPage<ModelSummary> models(SearchRequest request) {
        return pipeline.run(principal, Operation.search(),
                ctx -> search.models(request, SearchService.visibility(ctx), ctx.principal()));
    }

    @Override
    public Recommendations recommend(RecommendationRequest request) {
        return pipeline.run(principal, Operation.search(), ctx -> discovery.recommend(request, ctx.visible()));
    }

    @Override
    public List<Similar> similar(String reference, SimilarityBasis basis, int limit) {
        return pipeline.run(principal, Operation.searchFrom(reference), ctx -> discovery.similar(reference, basis, limit, ctx.visible()));
    }

    @Override
    public List<ModelVersion> compatibleAdapters(String reference) {
        return pipeline.run(principal, Operation.searchFrom(reference), ctx -> discovery.compatibleAdapters(reference, ctx.visible()));
    }

    @Override
    public List<ModelVersion> compatibleBaseModels(String adapterReference) {
        return pipeline.run(principal, Operation.searchFrom(adapterReference),
                ctx -> discovery.compatibleBaseModels(adapterReference, ctx.visible()));
    }

    @Override
    public RegistryStatistics statistics(RegistryStatistics.Period period, int inactiveDays) {
        return pipeline.run(principal, Operation.search(), ctx -> statistics.compute(period, inactiveDays, ctx.visible()));
    }
}
