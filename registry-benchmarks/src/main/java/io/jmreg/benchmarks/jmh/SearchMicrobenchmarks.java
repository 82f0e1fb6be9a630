package io.jmreg.benchmarks.jmh;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.benchmarks.DiscoveryData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Warm query latency over the catalog index of a {@code file:} store of {@code models x versions} realistic records
 * (populated once under {@code target/jmh-discovery}), each query beside its baseline in the same run: the same
 * selection written by hand as a loop over every version held in a list (what the query engine costs over
 * hand-written Java). Run with {@code ... org.openjdk.jmh.Main SearchMicrobenchmarks}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx2g")
public class SearchMicrobenchmarks {
    @Param("1000")
    int models;
    @Param("100")
    int versions;
    private ModelRegistry registry;
    private final List<ModelVersion> all = new ArrayList<>();
    private static final SearchRequest SELECTIVE = SearchRequest.of("name:model-05* AND metrics.accuracy:>0.9").limit(20);
    private static final SearchRequest SORTED = SearchRequest.of("metrics.accuracy:>=0")
            .sortedBy("metrics.accuracy:desc,created_at").limit(20);
    private static final SearchRequest TAGS = SearchRequest.of("tags:production AND owner:team-3").limit(20);

    /** Opens the store (populating it on the first run) and loads every version for the baselines. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path store = DiscoveryData.ensurePopulated(Path.of("target/jmh-discovery").toAbsolutePath(), models, versions);
        registry = ModelRegistry.open(RegistryOptions.builder("file:" + store)
                .cacheDirectory(Path.of("target/jmh-discovery/cache").toAbsolutePath()).build());
        for (String name : registry.listModels()) {
            all.addAll(registry.listVersions(name));
        }
        registry.search().versions(SELECTIVE);
    }

    /** Closes the registry. */
    @TearDown(Level.Trial)
    public void tearDown() {
        registry.close();
    }

    @Benchmark
    public long selectiveQuery() {
        return registry.search().versions(SELECTIVE).total();
    }

    @Benchmark
    public long selectiveBaselineHandWrittenLoop() {
        long n = 0;
        for (ModelVersion v : all) {
            Double accuracy = v.metrics().get("evaluation.accuracy");
            if (v.name().startsWith("model-05") && accuracy != null && accuracy > 0.9) {
                n++;
            }
        }
        return n;
    }

    @Benchmark
    public long nonSelectiveSortedLimit20() {
        return registry.search().versions(SORTED).total();
    }

    @Benchmark
    public List<ModelVersion> nonSelectiveSortedBaselineHandWritten() {
        List<ModelVersion> matching = new ArrayList<>();
        for (ModelVersion v : all) {
            Double accuracy = v.metrics().get("evaluation.accuracy");
            if (accuracy != null && accuracy >= 0) {
                matching.add(v);
            }
        }
        matching.sort(Comparator.comparing((ModelVersion v) -> v.metrics().get("evaluation.accuracy")).reversed()
                .thenComparing(ModelVersion::created));
        return matching.subList(0, Math.min(20, matching.size()));
    }

    @Benchmark
    public long tagAndOwnerQuery() {
        return registry.search().versions(TAGS).total();
    }

    @Benchmark
    public long tagAndOwnerBaselineHandWrittenLoop() {
        long n = 0;
        for (ModelVersion v : all) {
            if (v.tags().contains("production") && "team-3".equals(v.owner())) {
                n++;
            }
        }
        return n;
    }
}
