package io.jmreg.testkit;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.events.Subscription;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.ArchiveFormat;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.BulkChange;
import io.jmreg.api.search.RecommendationRequest;
import io.jmreg.api.search.RegistrySearch;
import io.jmreg.api.search.RegistryStatistics;
import io.jmreg.api.search.SearchPage;
import io.jmreg.api.search.SearchRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The calls of the "oracle" test: every call of the API that names a model, with the model's name as a parameter, and
 * the registry-wide reads; each answer rendered as text (result, or exception class, permission, resource and
 * message) with the name replaced, so that the answers for a hidden model and for a missing one can be compared.
 */
final class OracleReads {
    private OracleReads() {
    }

    /** The answer of {@code call} as text, every occurrence of {@code name} replaced by {@code X}. */
    static String answer(Supplier<Object> call, String name) {
        try {
            return "ok " + render(call.get()).replace(name, "X");
        } catch (AccessDeniedException e) {
            return "AccessDeniedException " + e.permission() + " on " + e.resource().replace(name, "X") + ": "
                    + e.getMessage().replace(name, "X");
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace(name, "X");
        }
    }

    private static String render(Object result) {
        if (result instanceof Path) {
            return "a path";
        }
        if (result instanceof InputStream in) {
            try (in) {
                return "bytes " + in.readAllBytes().length;
            } catch (IOException e) {
                return "unreadable " + e;
            }
        }
        if (result instanceof Subscription s) {
            s.close();
            return "a subscription";
        }
        if (result instanceof ModelVersion v && v.name().equals("medical/z")) {
            return "registered " + v.lineage(); // a registration naming the model: its number differs by call
        }
        if (result instanceof SearchPage<?> page) { // the token is sealed afresh each time: only whether there is one
            return page.items() + " total " + page.total() + (page.nextPageToken() == null ? " last" : " more");
        }
        return String.valueOf(result);
    }

    /** Every call that names model {@code x} (reads and changes), by label, as {@code r}. */
    static Map<String, Function<String, Object>> naming(ModelRegistry r, Path temp, Instant instant) {
        AtomicInteger n = new AtomicInteger();
        Map<String, Function<String, Object>> calls = new LinkedHashMap<>();
        calls.put("resolve name", r::resolve);
        calls.put("resolve version", x -> r.resolve(x + ":1.0.0"));
        calls.put("resolve alias", x -> r.resolve(x + "@prod"));
        calls.put("resolve range", x -> r.resolve(x + ":^1.0"));
        calls.put("getModel", r::getModel);
        calls.put("listVersions", r::listVersions);
        calls.put("aliases", r::aliases);
        calls.put("aliasHistory", x -> r.aliasHistory(x, "prod"));
        calls.put("deployments", r.lifecycle()::deployments);
        calls.put("deploymentHistory", x -> r.lifecycle().deploymentHistory(x, "qa"));
        calls.put("stateAt", x -> r.lifecycle().stateAt(x, instant));
        calls.put("pendingPromotions", r.lifecycle()::pendingPromotions);
        calls.put("stageHistory", x -> r.lifecycle().stageHistory(x + ":1.0.0"));
        calls.put("pull", x -> r.pull(x + ":1.0.0", temp.resolve("oracle-pull-" + n.incrementAndGet())));
        calls.put("openArtifact", x -> r.openArtifact(x + ":1.0.0", "weights.bin"));
        calls.put("writeArchive", x -> {
            r.writeArchive(x + ":1.0.0", ArchiveFormat.ZIP, OutputStream.nullOutputStream());
            return null;
        });
        calls.put("compare, second side", x -> r.lifecycle().compare("medical/x:1.0.0", x + ":1.0.0", "acc", true));
        calls.put("compare, first side", x -> r.lifecycle().compare(x + ":1.0.0", "medical/x:1.0.0", "acc", true));
        calls.put("lineage parents", x -> r.lineage().parents(x + ":1.0.0"));
        calls.put("lineage children", x -> r.lineage().children(x + ":1.0.0"));
        calls.put("lineage ancestors", x -> r.lineage().ancestors(x + ":1.0.0"));
        calls.put("lineage descendants", x -> r.lineage().descendants(x + ":1.0.0"));
        calls.put("lineage graph", x -> r.lineage().graph(x + ":1.0.0"));
        calls.put("lineage fedBy", x -> r.lineage().fedBy("data-of-" + x));
        calls.put("similar", x -> r.search().similar(x + ":1.0.0", RegistrySearch.SimilarityBasis.METRICS, 5));
        calls.put("compatibleAdapters", x -> r.search().compatibleAdapters(x + ":1.0.0"));
        calls.put("compatibleBaseModels", x -> r.search().compatibleBaseModels(x + ":1.0.0"));
        calls.put("search versions", x -> r.search().versions(SearchRequest.of("name:\"" + x + "\"")));
        calls.put("search models", x -> r.search().models(SearchRequest.of("name:\"" + x + "\"")));
        calls.put("watch", x -> r.watch(x + "@prod", Duration.ofSeconds(1), (was, is) -> { }));
        // changes: refused or not found alike, and nothing done
        calls.put("setAlias", x -> r.setAlias(x, "c", "1.0.0"));
        calls.put("removeAlias", x -> {
            r.removeAlias(x, "prod");
            return null;
        });
        calls.put("updateTags", x -> r.updateTags(x + ":1.0.0", Set.of("t"), Set.of()));
        calls.put("updateMetrics", x -> r.updateMetrics(x + ":1.0.0", Map.of("acc", 0.1)));
        calls.put("promote", x -> r.lifecycle().promote(x + ":1.0.0", "testing"));
        calls.put("approve", x -> r.lifecycle().approve(x + ":1.0.0", "testing"));
        calls.put("deploy", x -> r.lifecycle().deploy(x + ":1.0.0", "e", "https://e", 1));
        calls.put("deploy, as adapter", x -> r.lifecycle().deploy("medical/x:1.0.0", "e", "https://e", 1, List.of(x)));
        calls.put("deploy, split", x -> r.lifecycle().deploy(x, "e", List.of(new TrafficSplit("1.0.0", 50),
                new TrafficSplit("1.1.0", 50)), "https://e", 1));
        calls.put("rollback", x -> r.lifecycle().rollback(x, "qa"));
        calls.put("deleteVersion", x -> {
            r.deleteVersion(x + ":1.0.0");
            return null;
        });
        calls.put("register, as parent", x -> r.registerModel(Registration.builder("medical/z").version(
                "1." + n.incrementAndGet() + ".0").lineage(Lineage.builder().parents(
                List.of(x + ":1.0.0")).build()).build()));
        calls.put("register, as base", x -> r.registerModel(Registration.builder("medical/z").version(
                "1." + n.incrementAndGet() + ".0").lineage(Lineage.builder().baseModel(
                x + ":1.0.0").build()).build()));
        calls.put("bulk tags", x -> r.bulk().apply("name:\"" + x + "\"", BulkChange.tags(Set.of("t"), Set.of())));
        calls.put("bulk dry run", x -> r.bulk().dryRun("name:\"" + x + "\"", BulkChange.delete()));
        return calls;
    }

    /** Registry-wide reads, whose answers must not change when a hidden model appears. */
    static Map<String, Supplier<Object>> global(ModelRegistry r) {
        Map<String, Supplier<Object>> calls = new LinkedHashMap<>();
        calls.put("listModels", r::listModels);
        calls.put("search versions", () -> r.search().versions(SearchRequest.of("")));
        calls.put("search models", () -> r.search().models(SearchRequest.of("")));
        calls.put("search, second page", () -> {
            SearchPage<?> first = r.search().versions(SearchRequest.of("").limit(1));
            return first.nextPageToken() == null ? "one page"
                    : r.search().versions(SearchRequest.of("").limit(1).next(first));
        });
        calls.put("statistics", () -> {
            RegistryStatistics s = r.search().statistics(RegistryStatistics.Period.MONTH, 30);
            return s;
        });
        calls.put("recommend", () -> r.search().recommend(
                RecommendationRequest.forUseCase("classification")));
        return calls;
    }
}
