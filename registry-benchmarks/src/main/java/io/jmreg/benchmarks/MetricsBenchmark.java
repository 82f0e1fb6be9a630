package io.jmreg.benchmarks;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.observe.OperationObserver;
import io.jmreg.micrometer.RegistryMetrics;
import io.jmreg.opentelemetry.RegistryTracing;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The cost of metrics on the serving hot path, robust to a busy machine: rounds of cached
 * {@code resolve("sentiment@production")} alternate between a registry without an observer (the baseline), one timing
 * every operation into a Prometheus Micrometer registry, and one also opening a (no-op) OpenTelemetry span, in
 * ABBA/BAAB order so that drift and position cancel; each round's ratio is taken against its own baseline runs, and
 * the median ratio printed.
 * Usage: {@code MetricsBenchmark [rounds=30] [callsPerRound=200000] [tracing]}: the tracing variant runs only when
 * asked, since a second kind of observer makes the pipeline's call to it polymorphic (a real application has one).
 */
public final class MetricsBenchmark {
    private MetricsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        Path dir = Files.createTempDirectory("jmreg-metrics-bench");
        String uri = "file:" + dir.resolve("store");
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ModelRegistry plain = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(dir.resolve("c1")).build());
             ModelRegistry metered = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(dir.resolve("c2"))
                     .observer(new RegistryMetrics(prometheus)).build());
             ModelRegistry traced = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(dir.resolve("c3"))
                     .observer(OperationObserver.all(List.of(new RegistryMetrics(
                             new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
                             new RegistryTracing(OpenTelemetry.noop())))).build())) {
            for (int i = 0; i < 10; i++) {
                plain.registerModel(Registration.builder("sentiment").version("1." + i + ".0").build());
            }
            plain.setAlias("sentiment", "production", "1.9.0");
            boolean tracing = args.length > 2 && args[2].equals("tracing");
            ModelRegistry[] registries = tracing ? new ModelRegistry[] {plain, metered, traced}
                    : new ModelRegistry[] {plain, metered};
            for (int warm = 0; warm < 5; warm++) {
                for (ModelRegistry r : registries) {
                    round(r, calls);
                }
            }
            double[] metricsRatio = new double[rounds];
            double[] tracingRatio = new double[rounds];
            double[] baseline = new double[rounds];
            for (int i = 0; i < rounds; i++) { // ABBA, then BAAB: drift and position effects cancel
                boolean baseFirst = i % 2 == 0;
                double b = 0;
                double m = 0;
                double t = 0;
                for (int slot = 0; slot < 4; slot++) {
                    boolean base = (slot == 0 || slot == 3) == baseFirst;
                    if (base) {
                        b += round(plain, calls);
                    } else {
                        m += round(metered, calls);
                        t += tracing ? round(traced, calls) : Double.NaN;
                    }
                }
                baseline[i] = b / 2;
                metricsRatio[i] = m / b;
                tracingRatio[i] = t / b;
            }
            String counted = prometheus.scrape().lines()
                    .filter(l -> l.startsWith("jmreg_operations_seconds_count{operation=\"resolve\"")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the metered registry recorded no resolve"));
            System.out.printf("hot resolve, median of %d rounds of %d calls, %d cores%n", rounds, calls,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("  without metrics (baseline)         %8.1f ns/op%n", median(baseline));
            System.out.printf("  with Micrometer (Prometheus)       ratio %.2fx%n", median(metricsRatio));
            if (tracing) {
                System.out.printf("  with Micrometer + OTel (no-op)     ratio %.2fx%n", median(tracingRatio));
            }
            System.out.printf("  recorded: %s%n", counted);
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static volatile Object sink;

    /** Nanoseconds per call of {@code calls} hot resolves. */
    private static double round(ModelRegistry registry, int calls) {
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            sink = registry.resolve("sentiment@production");
        }
        return (System.nanoTime() - t0) / (double) calls;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
