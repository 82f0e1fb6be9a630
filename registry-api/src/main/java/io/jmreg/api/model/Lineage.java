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

    /** Lineage naming only parent versions ({@code name:version}). */
    public static Lineage ofParents(String... parents) {
        return builder().parents(List.of(parents)).build();
    }

    /** No lineage. */
    public static Lineage empty() {
        return new Lineage(null, null, null, null, null, null, null);
    }

    /** A builder: {@code Lineage.builder().parents(List.of("base:1.0.0")).codeCommit("4f2a9c1").build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this one, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().parents(parents).datasets(datasets).codeCommit(codeCommit).configHash(configHash).environment(environment).baseModel(baseModel).compatibleBaseModels(compatibleBaseModels);
    }

    /** Fluent builder of {@link Lineage}; every field is optional. */
    public static final class Builder {
        private List<String> parents;
        private List<String> datasets;
        private String codeCommit;
        private String configHash;
        private Map<String, String> environment;
        private String baseModel;
        private List<String> compatibleBaseModels;

        private Builder() {
        }

        /** Parent versions as exact references. */
        public Builder parents(List<String> v) {
            parents = v;
            return this;
        }

        /** Names of datasets that fed it. */
        public Builder datasets(List<String> v) {
            datasets = v;
            return this;
        }

        /** Source control commit of the training code. */
        public Builder codeCommit(String v) {
            codeCommit = v;
            return this;
        }

        /** Digest of the training configuration. */
        public Builder configHash(String v) {
            configHash = v;
            return this;
        }

        /** Environment facts. */
        public Builder environment(Map<String, String> v) {
            environment = v;
            return this;
        }

        /** For adapters: the base model reference. */
        public Builder baseModel(String v) {
            baseModel = v;
            return this;
        }

        /** For adapters: base models it can be applied to. */
        public Builder compatibleBaseModels(List<String> v) {
            compatibleBaseModels = v;
            return this;
        }

        /** Builds (and validates). */
        public Lineage build() {
            return new Lineage(parents, datasets, codeCommit, configHash, environment, baseModel, compatibleBaseModels);
        }
    }
}
