package io.jmreg.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.QueryException;
import io.jmreg.api.model.ModelInfo;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.SearchPage;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import io.jmreg.testkit.process.ChildJvm;
import io.jmreg.testkit.process.ConcurrentWriterMain;
import java.nio.file.Files;
import io.jmreg.testkit.process.ChildStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Search behaves alike on every backend: the query language, sorting, paging while others write, other instances. */
public abstract class DiscoveryContract {
    /** For subclasses that bind the suite to a backend. */
    protected DiscoveryContract() {
    }

    /** The URI of a fresh, empty store for this test (it may use {@code temp}). */
    protected abstract String storeUri(Path temp) throws Exception;

    /**
     * Opens a registry with {@code options} (on a store {@link #storeUri} made, or on the URI of a registry this
     * suite opened); a run through a server overrides it to open a client of a server over that store.
     */
    protected ModelRegistry openRegistry(RegistryOptions options) {
        return ModelRegistry.open(options);
    }

    /**
     * How child processes open {@code store}; a run through a server overrides it to give them a server's URI over
     * the store and its token.
     */
    protected ChildStore childStore(String store) throws Exception {
        return ChildStore.direct(store);
    }

    /** Scratch space. */
    @TempDir
    protected Path temp;
    private String uri;
    private ModelRegistry registry;

    @BeforeEach
    void open() throws Exception {
        uri = storeUri(temp);
        registry = openRegistry(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("cache")).build());
        for (int m = 0; m < 6; m++) {
            for (int v = 0; v < 5; v++) {
                registry.registerModel(Registration.builder("model-0" + m).version("1." + v + ".0")
                        .metric("evaluation.accuracy", 0.8 + v * 0.04).tags(m % 2 == 0 ? "even" : "odd")
                        .modelInfo(ModelInfo.builder().baseModel(m < 3 ? "llama-2-7b" : "mistral-7b").fineTuningMethod("lora")
                                .build()).build());
            }
        }
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private List<String> find(ModelRegistry r, String query) {
        List<String> out = new ArrayList<>();
        SearchRequest request = SearchRequest.of(query).limit(7);
        SearchPage<ModelVersion> page = r.search().versions(request);
        page.items().forEach(v -> out.add(v.reference()));
        while (page.hasNext()) {
            page = r.search().versions(request.next(page));
            page.items().forEach(v -> out.add(v.reference()));
        }
        return out;
    }

    @Test
    void queriesSelectTheSameVersionsOnEveryBackend() {
        assertThat(find(registry, "")).hasSize(30);
        assertThat(find(registry, "name:model-0* AND metrics.accuracy:>0.9")).hasSize(12);
        assertThat(find(registry, "tags:even base_model:llama-2* version:>=1.3.0"))
                .containsExactly("model-00:1.3.0", "model-00:1.4.0", "model-02:1.3.0", "model-02:1.4.0");
        assertThat(find(registry, "(name:model-01 OR name:model-04) -version:~1.1")).hasSize(8);
        assertThatThrownBy(() -> registry.search().versions(SearchRequest.of("metrics.accuracy:>>1")))
                .isInstanceOf(QueryException.class);
    }

    @Test
    void theCatalogIsDerivedCompactedAndRebuiltWhenItsFilesAreGoneOrDamaged() throws Exception {
        Assumptions.assumeFalse(uri.equals("mem:"), "instances share only named mem: stores");
        RegistryOptions.Builder compacting = RegistryOptions.builder(uri).staleness(Duration.ZERO)
                .property("catalog.compact-after-hints", "4").property("catalog.shard-versions", "7");
        List<String> all = find(registry, "");
        try (ModelRegistry writer = openRegistry(compacting.cacheDirectory(temp.resolve("w")).build());
             ModelRegistry reader = openRegistry(compacting.cacheDirectory(temp.resolve("r")).build())) {
            assertThat(find(reader, "")).isEqualTo(all);
            for (int i = 0; i < 9; i++) { // with searches in between: generations written, covered hints deleted
                writer.registerModel(Registration.builder("model-0" + (i % 3)).version("2." + i + ".0").tags("late").build());
                if (i % 3 == 2) {
                    assertThat(find(writer, "tags:late")).hasSize(i + 1);
                }
            }
            writer.updateTags("model-00:1.0.0", Set.of("late"), Set.of());
            assertThat(find(reader, "tags:late")).as("caught up from generations and hints").hasSize(10);
        }
        List<String> expected;
        try (ModelRegistry now = openRegistry(compacting.cacheDirectory(temp.resolve("n")).build())) {
            expected = find(now, "");
        }
        assertThat(expected).hasSize(39);
        try (StorageBackend raw = StorageBackends.open(uri, Map.of())) {
            List<String> keys = raw.list("catalog/").map(ObjectInfo::key).toList();
            assertThat(keys).as("generations written").anyMatch(k -> k.startsWith("catalog/generations/"));
            assertThat(keys.stream().filter(k -> k.startsWith("catalog/changes/")).count())
                    .as("hints left after compaction").isLessThan(10);
            raw.putBytes("catalog/generations/00000000000000009999.json", "{not json".getBytes()); // newest, damaged
            try (ModelRegistry fresh = openRegistry(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("f"))
                    .build())) {
                assertThat(find(fresh, "")).as("a damaged newest generation is skipped").isEqualTo(expected);
            }
            raw.deleteAll(raw.list("catalog/").map(ObjectInfo::key).toList());
            try (ModelRegistry fresh = openRegistry(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("g"))
                    .build())) {
                assertThat(find(fresh, "")).as("rebuilt from the logs").isEqualTo(expected);
            }
            assertThat(raw.list("catalog/generations/").count()).as("the rebuilt catalog was written").isOne();
        }
    }

    @Test
    void aVersionRegisteredByAnotherProcessIsFoundWithinTheStalenessBound() throws Exception {
        Assumptions.assumeFalse(uri.startsWith("mem:"), "a mem: store lives in one JVM");
        assertThat(registry.search().versions(SearchRequest.of("name:race")).total()).isZero();
        Path log = temp.resolve("child.log");
        Process child = ChildJvm.start(log, List.of("-Xmx256m"),
                childStore(uri), ConcurrentWriterMain.class, "bump", "other-process", "1",
                "1", temp.resolve("child-cache").toString());
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(log)).isZero();
        long registeredAt = System.nanoTime();
        long found;
        do {
            found = registry.search().versions(SearchRequest.of("name:race")).total();
            if (found == 0) {
                Thread.sleep(50);
            }
        } while (found == 0 && System.nanoTime() - registeredAt < Duration.ofSeconds(10).toNanos());
        assertThat(found).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - registeredAt)).as("time until the new model was found")
                .isLessThan(Duration.ofMillis(1500)); // the default staleness bound (1 s) plus a query
    }

    @Test
    void sortedPagesNeverRepeatOrSkipWhileAnotherInstanceWrites() throws Exception {
        try (ModelRegistry other = openRegistry(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("other"))
                .staleness(Duration.ZERO).build())) {
            SearchRequest request = SearchRequest.of("metrics.accuracy:>=0.84").sortedBy("metrics.accuracy:desc").limit(5);
            SearchPage<ModelVersion> page = other.search().versions(request);
            List<String> seen = new ArrayList<>(page.items().stream().map(ModelVersion::reference).toList());
            int n = 0;
            while (page.hasNext()) {
                registry.registerModel(Registration.builder("model-00").version("2.0." + n++)
                        .metric("evaluation.accuracy", 0.99).build());
                page = other.search().versions(request.next(page));
                page.items().forEach(v -> seen.add(v.reference()));
            }
            assertThat(seen).hasSize(24).doesNotHaveDuplicates();
            assertThat(seen.get(0)).endsWith(":1.4.0");
            // a new search sees the other instance's registrations (staleness zero)
            assertThat(other.search().versions(request).total()).isEqualTo(24 + n);
        }
    }
}
