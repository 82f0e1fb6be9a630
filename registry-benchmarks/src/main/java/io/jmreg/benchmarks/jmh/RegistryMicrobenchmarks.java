package io.jmreg.benchmarks.jmh;

import io.jmreg.api.ModelReference;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.model.Tier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH microbenchmarks of the hot paths, each beside its baseline in the same run: a hot resolve (cached) against a
 * {@code HashMap} lookup, the same with an access policy installed, a cold resolve (state re-read from the store every call) and the replay of a model's log
 * of 200 entries from {@code file:}, and reference parsing against {@code String.split}. Run with
 * {@code ./mvnw -q -pl registry-benchmarks exec:exec -Dexec.executable=java
 * -Dexec.args="-cp %classpath org.openjdk.jmh.Main RegistryMicrobenchmarks"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RegistryMicrobenchmarks {
    private Path dir;
    private ModelRegistry hot;
    private ModelRegistry cold;
    private ModelRegistry guardedStore;
    private ModelRegistry guarded;
    private final Map<String, String> map = new HashMap<>();
    private String uri;

    /** Creates a {@code file:} store with one model of 200 log entries. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("jmreg-jmh");
        uri = "file:" + dir.resolve("store");
        hot = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(dir.resolve("c1")).build());
        for (int i = 0; i < 100; i++) {
            hot.registerModel(Registration.builder("sentiment").version("1." + i + ".0").metric("evaluation.accuracy", 0.9).build());
            hot.setAlias("sentiment", "production", "1." + i + ".0");
        }
        cold = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(dir.resolve("c2")).staleness(Duration.ZERO)
                .build());
        map.put("sentiment@production", "1.99.0");
        // a store of its own with an access policy installed: every resolve is authorized (a tag grant, a tier)
        guardedStore = ModelRegistry.open(RegistryOptions.builder("file:" + dir.resolve("guarded")).principal("admin")
                .cacheDirectory(dir.resolve("c3")).build());
        for (int i = 0; i < 20; i++) {
            guardedStore.registerModel(Registration.builder("sentiment").version("1." + i + ".0").tags("public").build());
        }
        guardedStore.setAlias("sentiment", "production", "1.7.0");
        guardedStore.access().install(AccessPolicy.builder().grant("admin", "model_admin")
                .grant("reader", io.jmreg.api.access.Scope.tagged("public"), "viewer").tier("reader", Tier.STANDARD)
                .build());
        guarded = guardedStore.as("reader");
    }

    /** Closes the registries and removes the store. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        hot.close();
        cold.close();
        guardedStore.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Baseline of a hot resolve: one map lookup. */
    @Benchmark
    public String baselineMapLookup() {
        return map.get("sentiment@production");
    }

    /** {@code name@alias} from the cache. */
    @Benchmark
    public Object resolveHot() {
        return hot.resolve("sentiment@production");
    }

    /**
     * {@code name@alias} from the cache with an access policy installed, as a principal reading through a tag grant
     * within a tier (against {@link #resolveHot}, the same without a policy).
     */
    @Benchmark
    public Object resolveHotWithPolicy() {
        return guarded.resolve("sentiment@production");
    }

    /** {@code name@alias} with staleness zero: the store is checked for a newer log entry every call. */
    @Benchmark
    public Object resolveColdCheck() {
        return cold.resolve("sentiment@production");
    }

    /** Opening the store and replaying the model (checkpoint at 192 plus the tail) to resolve once. */
    @Benchmark
    public Object openAndReplay() {
        try (ModelRegistry fresh = ModelRegistry.open(RegistryOptions.builder(uri)
                .cacheDirectory(dir.resolve("c-" + UUID.randomUUID())).build())) {
            return fresh.resolve("sentiment:^1.50");
        }
    }

    /** Baseline of parsing: splitting at the separator. */
    @Benchmark
    public Object baselineSplit() {
        return "meta-llama/llama-2-7b:>=2.0.0 <3.0.0".split(":", 2);
    }

    /** Parsing and validating a reference. */
    @Benchmark
    public Object parseReference() {
        return ModelReference.parse("meta-llama/llama-2-7b:>=2.0.0 <3.0.0");
    }
}
