package io.jmreg.benchmarks.jmh;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.micrometer.RegistryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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
 * The cost of metrics on the serving hot path: a cached {@code resolve("sentiment@production")} on one {@code file:}
 * store, by a registry without an observer (the baseline) and by one timing every operation into a Prometheus
 * Micrometer registry, in the same run. Run with {@code ./mvnw -q -pl registry-benchmarks exec:exec
 * -Dexec.executable=java -Dexec.args="-cp %classpath org.openjdk.jmh.Main MetricsMicrobenchmarks"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MetricsMicrobenchmarks {
    private Path dir;
    private ModelRegistry plain;
    private ModelRegistry metered;
    private PrometheusMeterRegistry prometheus;

    /** One model with a production alias, and two registries over it. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("jmreg-jmh-metrics");
        String uri = "file:" + dir.resolve("store");
        plain = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(dir.resolve("c1")).build());
        for (int i = 0; i < 10; i++) {
            plain.registerModel(Registration.builder("sentiment").version("1." + i + ".0").build());
        }
        plain.setAlias("sentiment", "production", "1.9.0");
        prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metered = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(dir.resolve("c2"))
                .observer(new RegistryMetrics(prometheus)).build());
    }

    /** Closes the registries and removes the store. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        plain.close();
        metered.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Baseline: a hot resolve with no observer. */
    @Benchmark
    public Object hotResolveWithoutMetrics() {
        return plain.resolve("sentiment@production");
    }

    /** The same resolve, timed into a Prometheus meter registry. */
    @Benchmark
    public Object hotResolveWithMetrics() {
        return metered.resolve("sentiment@production");
    }

    /** What the metered registry recorded (printed once, so a run shows the timer counted the resolves). */
    @TearDown(Level.Trial)
    public void printRecorded() {
        prometheus.scrape().lines().filter(l -> l.startsWith("jmreg_operations_seconds_count")).forEach(System.out::println);
    }
}
