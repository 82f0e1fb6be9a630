package io.jmreg.api.search;

import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import java.util.List;

/**
 * Finding models and versions with the query language:
 * <pre>
 * name:medical AND version:&gt;=2.0.0          metrics.rag_accuracy:&gt;0.85
 * tags:production AND method:lora           created_at:last_7_days AND base_model:llama-2*
 * (stage:staging OR stage:production) -deprecated    size:1000..5000000   owner:("team-a" OR team-b)
 * </pre>
 * Malformed queries throw {@link io.jmreg.api.exceptions.QueryException} with the offset.
 */
public interface RegistrySearch {
    /** Versions matching the query, sorted and paged. */
    SearchPage<ModelVersion> versions(SearchRequest request);

    /**
     * Models having at least one matching version, paged: by name, or with the request's sort, in the order of each
     * model's first matching version (so {@code updated_at:desc} puts the most recently changed model first).
     */
    SearchPage<ModelSummary> models(SearchRequest request);

    /** Versions fit for a use case under its requirements, best first, each with the reasons it qualifies. */
    Recommendations recommend(RecommendationRequest request);

    /** What to compare when looking for similar versions. */
    enum SimilarityBasis {
        /** Metrics both versions have: root mean square of their relative differences. */
        METRICS,
        /** Tags: Jaccard distance. */
        TAGS
    }

    /** The versions nearest to the referenced one on {@code basis}, nearest first (the version itself excluded). */
    List<Similar> similar(String reference, SimilarityBasis basis, int limit);

    /**
     * Adapters that fit the referenced version: versions of kind ADAPTER whose base model or compatible base models
     * name it (as {@code name:version}, a range {@code name:^1.2}, or the bare model name).
     */
    List<ModelVersion> compatibleAdapters(String reference);

    /** The reverse: the versions in this registry an adapter fits (its base model and compatible base models). */
    List<ModelVersion> compatibleBaseModels(String adapterReference);

    /**
     * Counts, storage and activity per {@code period}; models without a deployment (or download, once recorded) in the
     * last {@code inactiveDays} days are listed as inactive.
     */
    RegistryStatistics statistics(RegistryStatistics.Period period, int inactiveDays);
}
