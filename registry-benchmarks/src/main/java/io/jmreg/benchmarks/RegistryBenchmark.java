package io.jmreg.benchmarks;

import static io.jmreg.benchmarks.BenchSupport.deleteTree;
import static io.jmreg.benchmarks.BenchSupport.median;
import static io.jmreg.benchmarks.BenchSupport.seconds;
import static io.jmreg.benchmarks.BenchSupport.sha256;
import static io.jmreg.benchmarks.BenchSupport.writeArtifact;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmarks the registry on {@code file:} against baselines measured in the same run and prints ratios.
 * Usage: {@code RegistryBenchmark [workDir] [artifactMiB=1024] [models=1000] [versionsPerModel=100]}.
 */
public final class RegistryBenchmark {
    private static final int ROUNDS = 5;

    private RegistryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/bench").toAbsolutePath();
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        int models = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int versions = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        deleteTree(work);
        Files.createDirectories(work);
        System.out.printf("jmreg benchmark: %d MiB artifact, %d models x %d versions, work dir %s, %d cores%n%n",
                mib, models, versions, work.toAbsolutePath(), Runtime.getRuntime().availableProcessors());
        Path artifact = work.resolve("weights.bin");
        writeArtifact(artifact, mib);

        largeArtifact(work, artifact, mib);
        metadataLatency(work);
        resolveLatency(work);
        manyModels(work, models, versions);
    }

    private static void largeArtifact(Path work, Path artifact, long mib) throws Exception {
        double[] baseline = new double[ROUNDS];
        double[] baselineFsync = new double[ROUNDS];
        double[] register = new double[ROUNDS];
        double[] shaOnly = new double[ROUNDS];
        double[] reRegister = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            Path copy = work.resolve("copy.bin");
            long t0 = System.nanoTime();
            Files.copy(artifact, copy, StandardCopyOption.REPLACE_EXISTING);
            sha256(artifact);
            baseline[r] = seconds(t0);
            Files.delete(copy);

            t0 = System.nanoTime();
            Files.copy(artifact, copy, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            sha256(artifact);
            baselineFsync[r] = seconds(t0);
            Files.delete(copy);

            Path store = work.resolve("store-large-" + r);
            try (ModelRegistry registry = open("file:" + store, work)) {
                t0 = System.nanoTime();
                registry.registerModel(Registration.builder("large").version("1.0.0").artifacts(artifact).build());
                register[r] = seconds(t0);

                t0 = System.nanoTime();
                sha256(artifact);
                shaOnly[r] = seconds(t0);

                t0 = System.nanoTime();
                registry.registerModel(Registration.builder("large").version("1.0.1").artifacts(artifact).build());
                reRegister[r] = seconds(t0);
            }
            deleteTree(store);
        }
        report(mib, "median", median(baseline), median(baselineFsync), median(register), median(shaOnly), median(reRegister));
        report(mib, "best of " + ROUNDS, min(baseline), min(baselineFsync), min(register), min(shaOnly), min(reRegister));
    }

    private static void report(long mib, String statistic, double b, double bf, double reg, double s, double re) {
        System.out.printf("[%s]%n", statistic);
        System.out.printf("register %d MiB into file:              %7.3f s  (%.0f MiB/s)%n", mib, reg, mib / reg);
        System.out.printf("  baseline Files.copy + SHA-256         %7.3f s  -> speed ratio %.2fx (target >= 0.9x)%n", b, b / reg);
        System.out.printf("  baseline copy + fsync + SHA-256       %7.3f s  -> speed ratio %.2fx (same durability)%n", bf, bf / reg);
        System.out.printf("re-register identical bytes             %7.3f s%n", re);
        System.out.printf("  baseline SHA-256 alone                %7.3f s  -> speed ratio %.2fx (target >= 0.8x)%n%n", s, s / re);
    }

    private static double min(double[] values) {
        return java.util.Arrays.stream(values).min().orElseThrow();
    }

    private static void metadataLatency(Path work) throws Exception {
        int n = 300;
        Path dir = Files.createDirectories(work.resolve("fsync-baseline"));
        byte[] doc = new byte[2048];
        new Random(1).nextBytes(doc);
        double[] base = new double[n];
        double[] reg = new double[n];
        double[] unaudited = new double[n];
        try (ModelRegistry registry = open("file:" + work.resolve("store-meta"), work);
             ModelRegistry withoutAudit = open("noaudit+file:" + work.resolve("store-meta-noaudit"), work)) {
            for (int i = 0; i < 1000; i++) { // warm-up: let the JIT compile the register path, as JMH would
                for (ModelRegistry r : new ModelRegistry[] {registry, withoutAudit}) {
                    r.registerModel(Registration.builder("warmup").version("1.0." + i).metric("evaluation.accuracy", 0.9)
                            .description("warm-up version " + i).build());
                }
            }
            for (int i = 0; i < n; i++) { // interleaved, so all three see the same disk conditions
                long t0 = System.nanoTime();
                Path tmp = dir.resolve("tmp-" + i);
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ch.write(ByteBuffer.wrap(doc));
                    ch.force(true);
                }
                Files.move(tmp, dir.resolve("doc-" + i), StandardCopyOption.ATOMIC_MOVE);
                try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                    d.force(true);
                }
                base[i] = (System.nanoTime() - t0) / 1e6;

                t0 = System.nanoTime();
                withoutAudit.registerModel(Registration.builder("meta").version("1.0." + i)
                        .metric("evaluation.accuracy", 0.9).description("metadata-only version " + i).build());
                unaudited[i] = (System.nanoTime() - t0) / 1e6;

                t0 = System.nanoTime();
                registry.registerModel(Registration.builder("meta").version("1.0." + i).metric("evaluation.accuracy", 0.9)
                        .description("metadata-only version " + i).build());
                reg[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        double b = median(base);
        double r = median(reg);
        double u = median(unaudited);
        System.out.printf("durable metadata-only register (median of %d, after 1000 warm-up)  %7.3f ms%n", n, r);
        System.out.printf("  the same without its audit entry's write  %7.3f ms  -> audit cost ratio %.2fx (target <= 1.5x)%n",
                u, r / u);
        System.out.printf("  baseline write+fsync+rename+dir-fsync 2 KiB   %7.3f ms  -> latency ratio %.2fx (target <= 3x)%n%n",
                b, r / b);
    }

    private static void resolveLatency(Path work) throws Exception {
        String uri = "file:" + work.resolve("store-resolve");
        try (ModelRegistry registry = open(uri, work)) {
            for (int i = 0; i < 20; i++) {
                registry.registerModel(Registration.builder("sentiment").version("1." + i + ".0").build());
            }
            registry.setAlias("sentiment", "production", "1.7.0");
            int n = 5_000_000;
            for (int i = 0; i < n; i++) {
                registry.resolve("sentiment@production");
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                registry.resolve("sentiment@production");
            }
            double hot = (System.nanoTime() - t0) / (double) n;
            System.out.printf("resolve sentiment@production hot (cached)  %8.1f ns/op (target < 2000 ns)%n", hot);
        }
        double[] cold = new double[20];
        for (int i = 0; i < cold.length; i++) {
            long t0 = System.nanoTime();
            try (ModelRegistry registry = open(uri, work)) {
                registry.resolve("sentiment@production");
                cold[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        System.out.printf("resolve cold from file: (open + resolve)    %8.3f ms (median of %d)%n%n", median(cold), cold.length);
    }

    private static void manyModels(Path work, int models, int versions) throws Exception {
        String uri = "count+file:" + work.resolve("store-many");
        long t0 = System.nanoTime();
        try (ModelRegistry registry = open(uri, work)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> futures = new ArrayList<>();
            for (int m = 0; m < models; m++) {
                String name = String.format("model-%04d", m);
                futures.add(pool.submit(() -> {
                    for (int v = 0; v < versions; v++) {
                        registry.registerModel(Registration.builder(name).version("1." + v + ".0").metric("accuracy", v / 100.0).build());
                    }
                    registry.setAlias(name, "production", "1." + (versions / 2) + ".0");
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
        }
        System.out.printf("populated %d models x %d versions in %.1f s%n", models, versions, seconds(t0));
        CountingBackendProvider.READS.set(0);
        CountingBackendProvider.LISTS.set(0);
        t0 = System.nanoTime();
        String version;
        try (ModelRegistry registry = open(uri, work)) {
            version = registry.resolve(String.format("model-%04d@production", models / 2)).version();
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf("open + resolve model-%04d@production -> %s: %.2f ms, %d stored files read, %d listings "
                        + "(of %d version records)%n", models / 2, version, ms, CountingBackendProvider.READS.get(),
                CountingBackendProvider.LISTS.get(), (long) models * versions);
        search(uri, work, models, versions);
    }

    /** Query latency over the same store: cold (new instance, first query), then warm, selective and not. */
    private static void search(String uri, Path work, int models, int versions) {
        String selective = "name:model-05* AND metrics.accuracy:>0.9";
        CountingBackendProvider.READS.set(0);
        CountingBackendProvider.LISTS.set(0);
        long t0 = System.nanoTime();
        try (ModelRegistry registry = open(uri, work)) {
            long hits = registry.search().versions(io.jmreg.api.search.SearchRequest.of(selective)).total();
            double cold = (System.nanoTime() - t0) / 1e6;
            System.out.printf("search cold (open + first query '%s', %d hits): %.0f ms, %d stored files read, %d listings%n",
                    selective, hits, cold, CountingBackendProvider.READS.get(), CountingBackendProvider.LISTS.get());
            double[] warm = new double[20];
            double[] sorted = new double[20];
            io.jmreg.api.search.SearchRequest all = io.jmreg.api.search.SearchRequest.of("metrics.accuracy:>=0")
                    .sortedBy("metrics.accuracy:desc,created_at").limit(20);
            for (int i = 0; i < warm.length; i++) {
                long t = System.nanoTime();
                registry.search().versions(io.jmreg.api.search.SearchRequest.of(selective));
                warm[i] = (System.nanoTime() - t) / 1e6;
                t = System.nanoTime();
                registry.search().versions(all);
                sorted[i] = (System.nanoTime() - t) / 1e6;
            }
            System.out.printf("search warm, selective: %.1f ms p50; non-selective sorted, limit 20: %.1f ms p50 (%d versions)%n",
                    median(warm), median(sorted), (long) models * versions);
        }
    }

    private static ModelRegistry open(String uri, Path work) {
        return ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(work.resolve("cache")).build());
    }
}
