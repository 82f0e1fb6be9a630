package io.jmreg.api.model;

import java.util.List;
import java.util.Map;

/**
 * Where a version came from (SPEC 3 lineage).
 *
 * @param parents              parent versions as exact references ({@code name:1.2.0})
 * @param datasets             names of datasets that fed it
 * @param codeCommit           source control commit of the training code
 * @param configHash           digest of the training configuration
 * @param environment          environment facts (library versions, image, ...)
 * @param baseModel            for adapters: the base model reference
 * @param compatibleBaseModels for adapters: base models it can be applied to
 */
public record Lineage(List<String> parents, List<String> datasets, String codeCommit, String configHash,
                      Map<String, String> environment, String baseModel, List<String> compatibleBaseModels) {
    /** Normalises collections. */
    public Lineage {
        parents = Copies.list(parents);
        datasets = Copies.list(datasets);
        environment = Copies.sortedMap(environment);
        compatibleBaseModels = Copies.list(compatibleBaseModels);
    }

    /** No lineage. */
    public static Lineage empty() {
        return new Lineage(null, null, null, null, null, null, null);
    }
}
