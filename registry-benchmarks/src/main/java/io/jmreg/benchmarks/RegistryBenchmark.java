package io.jmreg.benchmarks;

import static io.jmreg.benchmarks.BenchSupport.deleteTree;
import static io.jmreg.benchmarks.BenchSupport.median;
import static io.jmreg.benchmarks.BenchSupport.seconds;
import static io.jmreg.benchmarks.BenchSupport.sha256;
import static io.jmreg.benchmarks.BenchSupport.writeArtifact;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.search.SearchRequest;
import com.sun.management.OperatingSystemMXBean;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmarks the registry on {@code file:} against baselines measured in the same run, prints each ratio beside its
 * target and exits with status 1 when one misses its target by more than 20 %.
 * Usage: {@code RegistryBenchmark [workDir] [artifactMiB=1024] [models=1000] [versionsPerModel=100]}; an artifact
 * below 64 MiB runs a quick configuration (fewer repetitions, shorter concurrent runs, no child processes).
 */
public final class RegistryBenchmark {
    private static final int ROUNDS = 5;

    private RegistryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> missed = run(args);
        if (!missed.isEmpty()) {
            System.exit(1);
        }
    }

    /** Runs the benchmark and returns the figures that missed their targets by more than 20 % (the exit status). */
    static List<String> run(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/bench").toAbsolutePath();
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        int models = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int versions = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        boolean quick = mib < 64;
        deleteTree(work);
        Files.createDirectories(work);
        System.out.printf("jmreg benchmark: %d MiB artifact, %d models x %d versions, work dir %s, %d cores%s%n%n",
                mib, models, versions, work.toAbsolutePath(), Runtime.getRuntime().availableProcessors(),
                quick ? " (quick configuration)" : "");
        Path artifact = work.resolve("weights.bin");
        writeArtifact(artifact, mib);
        Targets targets = new Targets();

        largeArtifact(work, artifact, mib, targets);
        metadataLatency(work, quick, targets);
        concurrentThroughput(work, quick, targets);
        resolveLatency(work, targets);
        manyModels(work, models, versions);
        System.out.println();
        targets.printSummary();
        return targets.misses();
    }

    private static void largeArtifact(Path work, Path artifact, long mib, Targets targets) throws Exception {
        double[] baseline = new double[ROUNDS];
        double[] baselineFsync = new double[ROUNDS];
        double[] register = new double[ROUNDS];
        double[] shaOnly = new double[ROUNDS];
        double[] reRegister = new double[ROUNDS];
        double[] copyOnly = new double[ROUNDS];
        double[] fsyncOnly = new double[ROUNDS];
        double[] baselineCpu = new double[ROUNDS];
        double[] registerCpu = new double[ROUNDS];
        System.out.printf("large artifact: load average at start %s%n", loadAverage());
        for (int r = 0; r < ROUNDS; r++) {
            Path copy = work.resolve("copy.bin");
            double c0 = cpuSeconds();
            long t0 = System.nanoTime();
            Files.copy(artifact, copy, StandardCopyOption.REPLACE_EXISTING);
            sha256(artifact);
            baseline[r] = seconds(t0);
            baselineCpu[r] = cpuSeconds() - c0;
            Files.delete(copy);

            t0 = System.nanoTime(); // the same, durable, with each part timed
            Files.copy(artifact, copy, StandardCopyOption.REPLACE_EXISTING);
            copyOnly[r] = seconds(t0);
            long t1 = System.nanoTime();
            try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            fsyncOnly[r] = seconds(t1);
            sha256(artifact);
            baselineFsync[r] = seconds(t0);
            Files.delete(copy);

            Path store = work.resolve("store-large-" + r);
            try (ModelRegistry registry = open("file:" + store, work)) {
                c0 = cpuSeconds();
                t0 = System.nanoTime();
                registry.registerModel(Registration.builder("large").version("1.0.0").artifacts(artifact).build());
                register[r] = seconds(t0);
                registerCpu[r] = cpuSeconds() - c0;

                t0 = System.nanoTime();
                sha256(artifact);
                shaOnly[r] = seconds(t0);

                t0 = System.nanoTime();
                registry.registerModel(Registration.builder("large").version("1.0.1").artifacts(artifact).build());
                reRegister[r] = seconds(t0);
            }
            deleteTree(store);
        }
        report(mib, "median", median(baseline), median(baselineFsync), median(register), median(shaOnly),
                median(reRegister), targets);
        report(mib, "best of " + ROUNDS, min(baseline), min(baselineFsync), min(register), min(shaOnly), min(reRegister),
                null);
        System.out.printf("[where the time goes, median] SHA-256 %.3f s, Files.copy %.3f s, fsync of the copy %.3f s%n",
                median(shaOnly), median(copyOnly), median(fsyncOnly));
        System.out.printf("  process CPU: register %.3f s, Files.copy + SHA-256 %.3f s -> CPU ratio %.2fx"
                + " (register hashes twice: whole file and chunk index)%n", median(registerCpu), median(baselineCpu),
                median(baselineCpu) / median(registerCpu));
        System.out.printf("  load average at end %s%n%n", loadAverage());
    }

    /** CPU time of this process (all threads, user and system), in seconds. */
    private static double cpuSeconds() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** The first three fields of /proc/loadavg, or "n/a" where there is none. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** Prints one statistic of the large-artifact rounds; the median's ratios are checked against their targets. */
    private static void report(long mib, String statistic, double b, double bf, double reg, double s, double re,
                               Targets targets) {
        System.out.printf("[%s]%n", statistic);
        System.out.printf("register %d MiB into file:              %7.3f s  (%.0f MiB/s)%n", mib, reg, mib / reg);
        System.out.printf("  baseline Files.copy + SHA-256         %7.3f s  -> speed ratio %s%n", b, targets == null
                ? String.format("%.2fx", b / reg)
                : targets.atLeast("register " + mib + " MiB / (Files.copy + SHA-256), median", b / reg, 0.9, "x"));
        System.out.printf("  baseline copy + fsync + SHA-256       %7.3f s  -> speed ratio %.2fx (same durability)%n",
                bf, bf / reg);
        System.out.printf("re-register identical bytes             %7.3f s%n", re);
        System.out.printf("  baseline SHA-256 alone                %7.3f s  -> speed ratio %s%n%n", s, targets == null
                ? String.format("%.2fx", s / re)
                : targets.atLeast("re-register identical bytes / SHA-256 alone, median", s / re, 0.9, "x"));
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static void metadataLatency(Path work, boolean quick, Targets targets) throws Exception {
        int n = quick ? 30 : 300;
        int warmUp = quick ? 50 : 1000;
        Path dir = Files.createDirectories(work.resolve("fsync-baseline"));
        byte[] doc = new byte[2048];
        new Random(1).nextBytes(doc);
        double[] base = new double[n];
        double[] reg = new double[n];
        double[] unaudited = new double[n];
        try (ModelRegistry registry = open("file:" + work.resolve("store-meta"), work);
             ModelRegistry withoutAudit = open("noaudit+file:" + work.resolve("store-meta-noaudit"), work)) {
            for (int i = 0; i < warmUp; i++) { // warm-up: let the JIT compile the register path, as JMH would
                for (ModelRegistry r : new ModelRegistry[] {registry, withoutAudit}) {
                    r.registerModel(Registration.builder("warmup").version("1.0." + i).metric("evaluation.accuracy", 0.9)
                            .description("warm-up version " + i).build());
                }
            }
            for (int i = 0; i < n; i++) { // interleaved, so all three see the same disk conditions
                long t0 = System.nanoTime();
                ConcurrentWriters.durableWrite(dir, "doc-" + i, doc);
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
        System.out.printf("durable metadata-only register, audit trail on (median of %d, after %d warm-up)  %7.3f ms%n",
                n, warmUp, r);
        System.out.printf("  the same without its audit entry's write  %7.3f ms  -> audit cost ratio %.2fx%n", u, r / u);
        System.out.printf("  baseline write+fsync+rename+dir-fsync 2 KiB   %7.3f ms  -> latency ratio %s%n%n", b,
                targets.atMost("durable metadata-only register / one durable write", r / b, 2.0, "x"));
    }

    /**
     * Metadata-only registrations by many threads (each its own model) against the same threads each doing one
     * durable write, for the same time: in this JVM (8 threads), then in 4 processes of 4 threads on one store.
     */
    private static void concurrentThroughput(Path work, boolean quick, Targets targets) throws Exception {
        long millis = quick ? 500 : 5000;
        long base = ConcurrentWriters.run(false, work.resolve("concurrent-base"), 8, millis, "t");
        long reg = ConcurrentWriters.run(true, work.resolve("concurrent-reg"), 8, millis, "t");
        System.out.printf("concurrent metadata-only registrations, 8 threads x 1 JVM, %d ms: %d (%.0f/s)%n", millis, reg,
                reg * 1000.0 / millis);
        System.out.printf("  baseline: the same threads each doing one durable write: %d (%.0f/s) -> throughput ratio %s%n",
                base, base * 1000.0 / millis,
                targets.atLeast("registrations / durable writes, 8 threads x 1 JVM", reg / (double) Math.max(base, 1), 1.0, "x"));
        if (quick) {
            System.out.println("  (4 JVMs x 4 threads: skipped in the quick configuration)");
            System.out.println();
            return;
        }
        long baseProcesses = processes(false, work.resolve("processes-base"), 4, 4, millis);
        long regProcesses = processes(true, work.resolve("processes-reg"), 4, 4, millis);
        System.out.printf("concurrent metadata-only registrations, 4 JVMs x 4 threads on one store, %d ms: %d (%.0f/s)%n",
                millis, regProcesses, regProcesses * 1000.0 / millis);
        System.out.printf("  baseline: the same threads each doing one durable write: %d (%.0f/s) -> throughput ratio %s%n%n",
                baseProcesses, baseProcesses * 1000.0 / millis, targets.atLeast(
                        "registrations / durable writes, 4 JVMs x 4 threads", regProcesses / (double) Math.max(baseProcesses, 1),
                        1.0, "x"));
    }

    /** Starts {@code jvms} child processes of {@link ConcurrentWriters} writing at the same time; their total count. */
    private static long processes(boolean registry, Path dir, int jvms, int threads, long millis) throws Exception {
        Files.createDirectories(dir);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // every child has opened its store and warmed up by then (a cold JVM spends seconds in class loading and
        // JIT compilation: without the warm-up the window measured that, not the steady state the 1-JVM line does)
        long startAt = System.currentTimeMillis() + 15_000;
        List<Process> children = new ArrayList<>();
        for (int j = 0; j < jvms; j++) {
            children.add(new ProcessBuilder(javaBin, "-cp", classPath(), ConcurrentWriters.class.getName(),
                    registry ? "registry" : "baseline", dir.toString(), String.valueOf(threads), String.valueOf(millis),
                    "p" + j, String.valueOf(startAt)).redirectError(ProcessBuilder.Redirect.DISCARD).start());
        }
        long total = 0;
        for (Process p : children) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0 || out.isEmpty()) {
                throw new IllegalStateException("a writer process failed (exit " + p.exitValue() + "): " + out);
            }
            String[] lines = out.split("\\R");
            total += Long.parseLong(lines[lines.length - 1].trim());
        }
        return total;
    }

    /** This program's class path, also when it runs inside Maven (exec:java loads it in a class loader of its own). */
    private static String classPath() {
        List<String> entries = new ArrayList<>();
        if (RegistryBenchmark.class.getClassLoader() instanceof URLClassLoader loader) {
            for (URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // not a file: skip it
                }
            }
        }
        for (String property : new String[] {"java.class.path", "jdk.module.path"}) {
            String value = System.getProperty(property);
            if (value != null && !value.isEmpty()) {
                entries.add(value);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void resolveLatency(Path work, Targets targets) throws Exception {
        String uri = "file:" + work.resolve("store-resolve");
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(uri).principal("bench")
                .cacheDirectory(work.resolve("cache")).build())) {
            for (int i = 0; i < 20; i++) {
                registry.registerModel(Registration.builder("sentiment").version("1." + i + ".0").build());
            }
            registry.setAlias("sentiment", "production", "1.7.0");
            double[] open = hotResolve(registry);
            System.out.printf("resolve sentiment@production hot (cached), no policy   %8.1f ns/op (%.1f ns CPU)%n",
                    open[0], open[1]);
            registry.access().install(AccessPolicy.builder().grant("bench", "model_admin").build());
            double[] guarded = hotResolve(registry);
            System.out.printf("  the same with a policy installed, metrics off       %8.1f ns/op (%.1f ns CPU; "
                    + "%.2fx no policy) %s%n", guarded[0], guarded[1], guarded[1] / open[1], targets.atMost(
                    "hot resolve with a policy installed, metrics off", guarded[0], 60, " ns"));
        }
        double[] cold = new double[20];
        for (int i = 0; i < cold.length; i++) {
            long t0 = System.nanoTime();
            try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(uri).principal("bench")
                    .cacheDirectory(work.resolve("cache")).build())) {
                registry.resolve("sentiment@production");
                cold[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        System.out.printf("resolve cold from file: (open + resolve)    %8.3f ms (median of %d)%n%n", median(cold), cold.length);
    }

    /**
     * Nanoseconds per cached resolve, wall and CPU time of this thread (the better guide on a loaded machine), after as
     * many warm-up calls; the medians of five runs of a million.
     */
    private static double[] hotResolve(ModelRegistry registry) {
        int n = 1_000_000;
        double[] runs = new double[5];
        double[] cpu = new double[5];
        for (int i = 0; i < 3 * n; i++) {
            registry.resolve("sentiment@production");
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int r = 0; r < runs.length; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                registry.resolve("sentiment@production");
            }
            runs[r] = (System.nanoTime() - t0) / (double) n;
            cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / (double) n;
        }
        return new double[] {median(runs), median(cpu)};
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
            long hits = registry.search().versions(SearchRequest.of(selective)).total();
            double cold = (System.nanoTime() - t0) / 1e6;
            System.out.printf("search cold (open + first query '%s', %d hits): %.0f ms, %d stored files read, %d listings%n",
                    selective, hits, cold, CountingBackendProvider.READS.get(), CountingBackendProvider.LISTS.get());
            double[] warm = new double[20];
            double[] sorted = new double[20];
            SearchRequest all = SearchRequest.of("metrics.accuracy:>=0")
                    .sortedBy("metrics.accuracy:desc,created_at").limit(20);
            for (int i = 0; i < warm.length; i++) {
                long t = System.nanoTime();
                registry.search().versions(SearchRequest.of(selective));
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
