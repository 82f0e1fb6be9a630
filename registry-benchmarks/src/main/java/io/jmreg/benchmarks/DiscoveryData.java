package io.jmreg.benchmarks;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.Dataset;
import io.jmreg.api.model.ModelInfo;
import io.jmreg.api.model.Tier;
import io.jmreg.api.model.TrainingInfo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The discovery benchmarks' data: {@code models x versions} realistic records (metrics, tags, datasets, base
 * models, owners, tiers), deterministic, registered once into a {@code file:} store that later runs reuse.
 */
public final class DiscoveryData {
    static final String[] TAGS = {"nlp", "vision", "audio", "production", "experimental", "eu", "us", "pii-safe"};
    static final String[] TYPES = {"llm", "classification", "embedding", "detector"};
    static final String[] BASES = {"llama-2-7b", "mistral-7b", "bert-base", "resnet-50"};
    static final String[] METHODS = {"lora", "qlora", "full"};

    private DiscoveryData() {
    }

    /** Name of model {@code m}. */
    static String model(int m) {
        return String.format("model-%04d", m);
    }

    /** Accuracy of version {@code v} of model {@code m}: deterministic, in [0.5, 1). */
    public static double accuracy(int m, int v) {
        return 0.5 + new SplittableRandom(m * 1_000_003L + v).nextDouble() / 2;
    }

    /** Tags of version {@code v} of model {@code m}. */
    static List<String> tags(int m, int v) {
        SplittableRandom r = new SplittableRandom(m * 7_919L + v * 31L);
        List<String> out = new ArrayList<>();
        out.add(TAGS[m % TAGS.length]);
        String second = TAGS[r.nextInt(TAGS.length)];
        if (!out.contains(second)) {
            out.add(second);
        }
        return out;
    }

    /** The registration of version {@code v} of model {@code m}. */
    static Registration registration(int m, int v) {
        SplittableRandom r = new SplittableRandom(m * 104_729L + v);
        return Registration.builder(model(m)).version("1." + v + ".0")
                .description("model " + m + " for " + TYPES[m % TYPES.length] + " tasks, run " + v)
                .tags(tags(m, v).toArray(String[]::new)).owner("team-" + (m % 7)).type(TYPES[m % TYPES.length])
                .tier(Tier.values()[m % 3])
                .metric("evaluation.accuracy", accuracy(m, v)).metric("evaluation.f1", 0.4 + r.nextDouble() / 2)
                .metric("evaluation.latency_ms", 5 + r.nextInt(200)).metric("training.loss", r.nextDouble())
                .modelInfo(ModelInfo.builder().baseModel(BASES[m % BASES.length]).fineTuningMethod(METHODS[v % 3])
                        .totalParameters(7_000_000_000L / (1 + m % 4)).build())
                .trainingInfo(TrainingInfo.ofDatasets(Dataset.of("ds-" + (m % 50), "v" + (v % 5)),
                        Dataset.of("common-crawl", "2026-01")))
                .custom("experiment", "exp-" + (m * 100 + v)).build();
    }

    /**
     * A populated store at {@code dir} ({@code file:} URI), registering it first (8 threads) unless an earlier run
     * did; returns its URI without a scheme prefix.
     */
    public static Path ensurePopulated(Path dir, int models, int versions) throws Exception {
        Path store = dir.resolve("store-" + models + "x" + versions);
        Path done = dir.resolve("store-" + models + "x" + versions + ".complete");
        if (Files.exists(done)) {
            return store;
        }
        BenchSupport.deleteTree(store);
        long t0 = System.nanoTime();
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("file:" + store)
                .cacheDirectory(dir.resolve("populate-cache")).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> futures = new ArrayList<>();
            for (int m = 0; m < models; m++) {
                int model = m;
                futures.add(pool.submit(() -> {
                    for (int v = 0; v < versions; v++) {
                        registry.registerModel(registration(model, v));
                    }
                    registry.setAlias(model(model), "production", "1." + (versions / 2) + ".0");
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
        }
        Files.writeString(done, "");
        System.out.printf("populated %d models x %d versions in %.1f s%n", models, versions, BenchSupport.seconds(t0));
        return store;
    }
}
