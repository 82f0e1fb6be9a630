package io.jmreg.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.Tier;
import io.jmreg.api.search.SearchPage;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.core.catalog.CatalogSettings;
import io.jmreg.core.log.ModelLog;
import io.jmreg.core.log.ModelState;
import io.jmreg.core.query.Candidate;
import io.jmreg.core.query.Query;
import io.jmreg.core.query.QueryParser;
import io.jmreg.core.store.StoredModels;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterTry;

/**
 * The indexed search (catalog generations written by another instance, change hints caught up, models skipped by
 * name, top-k sorting, paging) returns exactly what a brute-force evaluation over every version, read from the logs,
 * returns: for random stores and random queries.
 */
class CatalogEquivalenceProperties {
    private static final List<String> NAMES = List.of("med", "med-img", "org/legal", "alpha", "alpha-2", "beta");
    private static final List<String> TAGS = List.of("prod", "nlp", "vision", "env:eu");
    private static final List<String> SORTS = List.of("", "metrics.acc:desc", "version:desc", "created_at:desc,name",
            "size", "owner,metrics.loss", "name:desc");
    private final List<Path> temps = new ArrayList<>();

    @AfterTry
    void cleanUp() throws IOException {
        for (Path t : temps) {
            try (var walk = Files.walk(t)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        temps.clear();
    }

    @Provide
    Arbitrary<String> queries() {
        return expression(3);
    }

    private Arbitrary<String> expression(int depth) {
        Arbitrary<String> term = Arbitraries.oneOf(
                Arbitraries.of(NAMES).map(n -> "name:" + quoteIfSlash(n)),
                Arbitraries.of("med*", "alpha*", "*a*", "?eta", "org/*", "MED*", "\"ALPHA\"", "alpha-?", "org/l*", "al*a*",
                        "(alpha* OR beta)", "(med OR med-*)", "!=med", "\u212Aa*", "\"alpha*\"").map(p -> "name:" + p),
                Arbitraries.of(">=1.2.0", "1.x", "\"^1.1\"", "<1.1.0", "1.0.0..1.3.0", "2").map(v -> "version:" + v),
                Arbitraries.of(">0.5", "<=0.3", "0.2..0.8", ">=0").map(v -> "metrics.acc:" + v),
                Arbitraries.of(">0.1", "<0.5").map(v -> "metrics.eval.loss:" + v),
                Arbitraries.of(TAGS).map(t -> "tags:" + (t.contains(":") ? "\"" + t + "\"" : t)),
                Arbitraries.of("tags:pr*", "alias:champion", "alias:(champion OR canary)", "stage:development",
                        "owner:team-a", "owner:TEAM-*", "type:llm", "tier:>=standard", "tier:lite", "kind:model",
                        "created_at:last_1_days", "size:>0", "med", "\"vision\"", "legal"));
        if (depth == 0) {
            return term;
        }
        Arbitrary<String> sub = expression(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(4, term),
                Tuple.of(2, Combinators.combine(sub, sub).as((a, b) -> a + " AND " + b)),
                Tuple.of(2, Combinators.combine(sub, sub).as((a, b) -> "(" + a + " OR " + b + ")")),
                Tuple.of(1, sub.map(a -> "NOT (" + a + ")")),
                Tuple.of(1, sub.map(a -> "-" + (a.startsWith("-") ? "(" + a + ")" : a))),
                Tuple.of(1, Combinators.combine(sub, sub).as((a, b) -> a + " " + b)));
    }

    private static String quoteIfSlash(String name) {
        return name.contains("/") ? "\"" + name + "\"" : name;
    }

    @Property(tries = 40)
    void indexedSearchEqualsBruteForce(@ForAll long seed,
                                       @ForAll("queries") String q1, @ForAll("queries") String q2,
                                       @ForAll("queries") String q3, @ForAll("queries") String q4) throws IOException {
        Path dir = Files.createTempDirectory("catalog-eq");
        temps.add(dir);
        String uri = "mem:catalog-eq-" + UUID.randomUUID(); // named: shared by the instances below
        RegistryOptions.Builder options = RegistryOptions.builder(uri).cacheDirectory(dir.resolve("cache"))
                .staleness(Duration.ZERO).property(CatalogSettings.COMPACT_AFTER_HINTS, "3")
                .property(CatalogSettings.SHARD_VERSIONS, "4"); // several shards, loaded as queries need them
        try (ModelRegistry searcher = ModelRegistry.open(options.build());
             ModelRegistry writer = ModelRegistry.open(options.build())) {
            searcher.search().versions(SearchRequest.of("")); // loads the (empty) catalog before the writes
            populate(writer, new Random(seed), dir);
            try (ModelRegistry fresh = ModelRegistry.open(options.build());
                 StorageBackend backend = StorageBackends.open(uri, Map.of())) {
                for (String query : List.of(q1, q2, q3, q4, "")) {
                    String sort = SORTS.get(Math.floorMod(query.hashCode(), SORTS.size()));
                    List<String> expected = bruteForce(backend, query, sort);
                    assertThat(pagedSearch(searcher, query, sort)).as("long-lived searcher: %s sorted by %s", query, sort)
                            .isEqualTo(expected);
                    assertThat(pagedSearch(fresh, query, sort)).as("fresh instance: %s sorted by %s", query, sort)
                            .isEqualTo(expected);
                    assertThat(fresh.search().models(SearchRequest.of(query).limit(100)).items().stream()
                            .map(m -> m.name()).toList()).isEqualTo(expected.stream()
                            .map(r -> r.substring(0, r.lastIndexOf(':'))).distinct().sorted().toList());
                    assertThat(fresh.search().models(SearchRequest.of(query).sortedBy(sort).limit(100)).items()
                            .stream().map(m -> m.name()).toList()).as("models of %s sorted by %s", query, sort)
                            .isEqualTo(expected.stream().map(r -> r.substring(0, r.lastIndexOf(':'))).distinct()
                                    .toList()); // in the order of each model's first version in the sort
                }
            }
        }
    }

    /** Registrations, tag and metric updates, aliases and deletions, with searches in between (compactions). */
    private static void populate(ModelRegistry r, Random random, Path dir) throws IOException {
        int steps = 10 + random.nextInt(25);
        for (int i = 0; i < steps; i++) {
            String name = NAMES.get(random.nextInt(NAMES.size()));
            List<ModelVersion> versions = r.listModels().contains(name) ? r.listVersions(name) : List.of();
            int action = versions.isEmpty() ? 0 : random.nextInt(6);
            switch (action) {
                case 0, 1 -> {
                    Registration.Builder b = Registration.builder(name)
                            .version("1." + i + "." + random.nextInt(3))
                            .owner(random.nextBoolean() ? "team-a" : "Team-B").type(random.nextBoolean() ? "llm" : null)
                            .tier(Tier.values()[random.nextInt(Tier.values().length)])
                            .tags(TAGS.get(random.nextInt(TAGS.size())), TAGS.get(random.nextInt(TAGS.size())))
                            .description(random.nextBoolean() ? "a legal model" : "vision and more");
                    if (random.nextInt(4) > 0) {
                        b.metric("acc", Math.round(random.nextDouble() * 100) / 100.0);
                    }
                    if (random.nextBoolean()) {
                        b.metric("eval.loss", Math.round(random.nextDouble() * 100) / 100.0);
                    }
                    if (random.nextBoolean()) {
                        Path artifact = Files.createDirectories(dir.resolve("artifact-" + i));
                        Files.write(artifact.resolve("w.bin"), new byte[random.nextInt(64)]);
                        b.artifacts(artifact);
                    }
                    r.registerModel(b.build());
                }
                case 2 -> r.setAlias(name, random.nextBoolean() ? "champion" : "canary",
                        versions.get(random.nextInt(versions.size())).version());
                case 3 -> r.updateTags(versions.get(random.nextInt(versions.size())).reference(),
                        Set.of(TAGS.get(random.nextInt(TAGS.size()))), Set.of(TAGS.get(random.nextInt(TAGS.size()))));
                case 4 -> r.updateMetrics(versions.get(random.nextInt(versions.size())).reference(),
                        Map.of("acc", Math.round(random.nextDouble() * 100) / 100.0));
                default -> {
                    ModelVersion doomed = versions.get(random.nextInt(versions.size()));
                    r.aliases(name).forEach((alias, v) -> {
                        if (v.equals(doomed.version())) {
                            r.removeAlias(name, alias);
                        }
                    });
                    r.deleteVersion(doomed.reference());
                }
            }
            if (random.nextInt(5) == 0) {
                r.search().versions(SearchRequest.of("")); // may write a generation and delete covered hints
            }
            if (random.nextInt(3) == 0) { // each model's best-first order built now, then its state changes
                r.search().versions(SearchRequest.of("").sortedBy(SORTS.get(random.nextInt(SORTS.size()))).limit(3));
            }
        }
    }

    private static List<String> pagedSearch(ModelRegistry r, String query, String sort) {
        List<String> out = new ArrayList<>();
        SearchRequest request = SearchRequest.of(query).sortedBy(sort).limit(2);
        while (true) {
            SearchPage<ModelVersion> page = r.search().versions(request);
            page.items().forEach(v -> out.add(v.reference()));
            assertThat(page.total()).isGreaterThanOrEqualTo(out.size());
            if (page.nextPageToken() == null) {
                assertThat(page.total()).isEqualTo(out.size());
                return out;
            }
            request = request.next(page);
        }
    }

    /** Every version of every model, read from its log, evaluated one by one, fully sorted. */
    private static List<String> bruteForce(StorageBackend backend, String query, String sort) {
        ModelLog log = new ModelLog(backend, Duration.ZERO, Duration.ofSeconds(5));
        Query parsed = QueryParser.parse(query, Instant.now());
        List<Candidate> all = new ArrayList<>();
        for (String name : StoredModels.list(backend)) {
            ModelState s = log.readFresh(name);
            for (ModelVersion v : s.versions()) {
                Candidate c = new Candidate(v, s, Instant.now());
                if (parsed.matches(c)) {
                    all.add(c);
                }
            }
        }
        return SortOrder.parse(sort).first(all, Integer.MAX_VALUE).stream().map(c -> c.version().reference()).toList();
    }
}
