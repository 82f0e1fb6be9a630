package io.jmreg.api.search;

import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;

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

    /** Models having at least one matching version, sorted by name and paged. */
    SearchPage<ModelSummary> models(SearchRequest request);
}
