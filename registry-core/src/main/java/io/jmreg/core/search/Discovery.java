package io.jmreg.core.search;

import io.jmreg.api.ModelReference;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.Recommendation;
import io.jmreg.api.search.RecommendationRequest;
import io.jmreg.api.search.Recommendations;
import io.jmreg.api.search.RegistrySearch;
import io.jmreg.api.search.Similar;
import io.jmreg.core.catalog.CatalogIndex;
import io.jmreg.core.lineage.BaseModels;
import io.jmreg.core.query.Candidate;
import io.jmreg.core.query.Query;
import io.jmreg.core.query.QueryFields;
import io.jmreg.core.query.QueryParser;
import io.jmreg.core.resolve.ReferenceResolver;
import io.jmreg.core.semver.SemverOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/** Recommendations for a use case, similar versions, and the adapters that fit a base version. */
public final class Discovery {
    private final CatalogIndex catalog;
    private final ReferenceResolver resolver;

    /** Discovery over the models of {@code catalog}; references resolve through {@code resolver}. */
    public Discovery(CatalogIndex catalog, ReferenceResolver resolver) {
        this.catalog = catalog;
        this.resolver = resolver;
    }

    private List<Candidate> all(Query query, Predicate<ModelVersion> visible) {
        return SearchService.matching(catalog.states(query.namePrefix(), query::mayMatchModel), query, Instant.now(), visible);
    }

    /** See {@link RegistrySearch#recommend}. */
    public Recommendations recommend(RecommendationRequest r, Predicate<ModelVersion> visible) {
        Query useCase = QueryParser.parse(r.useCase(), Instant.now());
        String rankBy = r.rankBy() != null ? r.rankBy()
                : r.minimumMetrics().isEmpty() ? null : r.minimumMetrics().keySet().iterator().next();
        List<Recommendation> qualified = new ArrayList<>();
        int lacking = 0;
        int failed = 0;
        for (Candidate c : all(useCase, visible)) {
            ModelVersion v = c.version();
            List<String> reasons = new ArrayList<>();
            boolean missing = false;
            boolean fails = false;
            for (Map.Entry<String, Double> min : r.minimumMetrics().entrySet()) {
                Double value = metric(v, min.getKey());
                if (value == null) {
                    missing = true;
                } else if (value < min.getValue()) {
                    fails = true;
                } else {
                    reasons.add(min.getKey() + " " + fmt(value) + " >= " + fmt(min.getValue()));
                }
            }
            if (r.latencyMetric() != null) {
                Double latency = metric(v, r.latencyMetric());
                if (latency == null) {
                    missing = true;
                } else if (latency > r.maxLatency()) {
                    fails = true;
                } else {
                    reasons.add(r.latencyMetric() + " " + fmt(latency) + " <= " + fmt(r.maxLatency()));
                }
            }
            if (r.maxMemoryBytes() != null) {
                Memory memory = memory(v);
                if (memory == null) {
                    missing = true;
                } else if (memory.bytes() > r.maxMemoryBytes()) {
                    fails = true;
                } else {
                    reasons.add("memory " + gib(memory.bytes()) + " <= " + gib(r.maxMemoryBytes()) + " (" + memory.how() + ")");
                }
            }
            Double score = rankBy == null ? Double.valueOf(0) : metric(v, rankBy);
            if (score == null) {
                missing = true;
            }
            if (missing) {
                lacking++;
            } else if (fails) {
                failed++;
            } else {
                if (reasons.isEmpty()) {
                    reasons.add("matches the use case '" + r.useCase() + "'");
                }
                qualified.add(new Recommendation(v, score, reasons));
            }
        }
        qualified.sort(Comparator.comparingDouble(Recommendation::score).reversed()
                .thenComparing(x -> x.version().name())
                .thenComparing((a, b) -> SemverOrder.PRECEDENCE.compare(b.version().version(), a.version().version())));
        return new Recommendations(qualified.subList(0, Math.min(r.limit(), qualified.size())), lacking, failed);
    }

    /** See {@link RegistrySearch#similar}. */
    public List<Similar> similar(String reference, RegistrySearch.SimilarityBasis basis, int limit, Predicate<ModelVersion> visible) {
        if (limit < 1 || limit > 1000 || basis == null) {
            throw new ValidationException("similar needs a basis and a limit within 1..1000, got %s, %d",
                    basis, limit);
        }
        ModelVersion self = resolver.resolve(reference);
        List<Similar> out = new ArrayList<>();
        for (Candidate c : all(new Query.All(), visible)) {
            ModelVersion v = c.version();
            if (v.reference().equals(self.reference())) {
                continue;
            }
            if (basis == RegistrySearch.SimilarityBasis.TAGS) {
                Set<String> union = new HashSet<>(self.tags());
                union.addAll(v.tags());
                if (union.isEmpty()) {
                    continue;
                }
                Set<String> common = new HashSet<>(self.tags());
                common.retainAll(v.tags());
                out.add(new Similar(v, 1.0 - (double) common.size() / union.size(), "tags"));
            } else {
                double sum = 0;
                int shared = 0;
                for (Map.Entry<String, Double> m : self.metrics().entrySet()) {
                    Double other = v.metrics().get(m.getKey());
                    if (other != null) {
                        double scale = Math.max(Math.max(Math.abs(m.getValue()), Math.abs(other)), 1e-12);
                        double d = (m.getValue() - other) / scale;
                        sum += d * d;
                        shared++;
                    }
                }
                if (shared > 0) {
                    out.add(new Similar(v, Math.sqrt(sum / shared), shared + " shared metric" + (shared == 1 ? "" : "s")));
                }
            }
        }
        out.sort(Comparator.comparingDouble(Similar::distance).thenComparing(x -> x.version().reference()));
        return List.copyOf(out.subList(0, Math.min(limit, out.size())));
    }

    /** See {@link RegistrySearch#compatibleAdapters}. */
    public List<ModelVersion> compatibleAdapters(String reference, Predicate<ModelVersion> visible) {
        ModelVersion base = resolver.resolve(reference);
        List<ModelVersion> out = new ArrayList<>();
        for (Candidate c : all(new Query.All(), visible)) {
            ModelVersion v = c.version();
            if (v.kind() != Kind.ADAPTER) {
                continue;
            }
            if (BaseModels.fits(v, base, resolver)) {
                out.add(v);
            }
        }
        return out;
    }

    /** See {@link RegistrySearch#compatibleBaseModels}. */
    public List<ModelVersion> compatibleBaseModels(String adapterReference, Predicate<ModelVersion> visible) {
        ModelVersion adapter = resolver.resolve(adapterReference);
        if (adapter.kind() != Kind.ADAPTER) {
            throw new ValidationException("%s is not an adapter (kind %s)", adapter.reference(),
                    adapter.kind());
        }
        Set<String> models = new TreeSet<>();
        for (String b : BaseModels.of(adapter)) {
            try {
                models.add(ModelReference.parse(b).model());
            } catch (RuntimeException external) {
                // a hub id: not in this registry
            }
        }
        List<ModelVersion> out = new ArrayList<>();
        for (String model : models) {
            try {
                for (ModelVersion v : resolver.stored(model).versions()) {
                    if (visible.test(v) && BaseModels.fits(adapter, v, resolver)) {
                        out.add(v);
                    }
                }
            } catch (ModelNotFoundException notHere) {
                // named but not registered here
            }
        }
        return out;
    }

    private static Double metric(ModelVersion v, String name) {
        List<Object> values = QueryFields.metrics(v, name);
        return values.isEmpty() ? null : ((Number) values.get(0)).doubleValue();
    }

    /** Memory a version needs: recorded (metric {@code memory_bytes}) or estimated from parameters and dtype. */
    private record Memory(long bytes, String how) {
    }

    private static Memory memory(ModelVersion v) {
        Double recorded = metric(v, "memory_bytes");
        if (recorded != null) {
            return new Memory(recorded.longValue(), "recorded");
        }
        Long params = v.modelInfo().totalParameters();
        if (params == null) {
            return null;
        }
        double perParam = v.modelInfo().dtypes().stream().mapToDouble(Discovery::bytesPerParameter).max().orElse(2.0);
        return new Memory((long) Math.ceil(params * perParam), "estimated from " + params + " parameters x "
                + fmt(perParam) + " bytes" + (v.modelInfo().dtypes().isEmpty() ? " (16-bit assumed)"
                : " (" + String.join(", ", v.modelInfo().dtypes()) + ")"));
    }

    private static double bytesPerParameter(String dtype) {
        String d = dtype.toUpperCase(Locale.ROOT);
        if (d.contains("64")) {
            return 8;
        }
        if (d.contains("32")) {
            return 4;
        }
        if (d.contains("16")) {
            return 2;
        }
        if (d.startsWith("Q8") || d.startsWith("I8") || d.contains("INT8") || d.equals("U8")) {
            return 1;
        }
        if (d.startsWith("Q6")) {
            return 6.5625 / 8;
        }
        if (d.startsWith("Q5")) {
            return 5.5 / 8;
        }
        if (d.startsWith("Q4") || d.startsWith("IQ4")) {
            return 4.5 / 8;
        }
        if (d.startsWith("Q3") || d.startsWith("IQ3")) {
            return 3.4375 / 8;
        }
        if (d.startsWith("Q2") || d.startsWith("IQ2") || d.startsWith("IQ1")) {
            return 2.625 / 8;
        }
        return 2;
    }

    private static String fmt(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
