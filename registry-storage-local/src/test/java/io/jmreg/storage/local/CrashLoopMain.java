package io.jmreg.storage.local;

import io.jmreg.api.Bump;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.api.model.ModelVersion;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

/**
 * Registers, moves aliases, updates metrics and (every fifth round) collects garbage in a loop until it is killed
 * (crash-safety test); a kill during a collection leaves a dead collection marker behind.
 */
public final class CrashLoopMain {
    private CrashLoopMain() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        Path work = Path.of(args[1]);
        Random random = new Random();
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(work.resolve("cache"))
                .property("gc.lease-seconds", "3").property("catalog.compact-after-hints", "3").staleness(Duration.ZERO)
                .build())) {
            System.out.println("READY");
            System.out.flush();
            for (long i = 0; ; i++) {
                Path dir = Files.createDirectories(work.resolve("artifact-" + i));
                byte[] weights = new byte[random.nextInt(3 * 1024 * 1024) + 1];
                random.nextBytes(weights);
                Files.write(dir.resolve("weights.bin"), weights);
                Files.writeString(dir.resolve("config.json"), "{\"i\":" + i + "}");
                ModelVersion v = registry.registerModel(Registration.builder("crashy").bump(Bump.PATCH).artifacts(dir)
                        .metric("training.loss", random.nextDouble()).build());
                System.out.println("REGISTERED " + v.version());
                System.out.flush();
                registry.setAlias("crashy", "production", v.version());
                registry.updateMetrics(v.reference(), Map.of("evaluation.accuracy", random.nextDouble()));
                if (i % 5 == 4) {
                    registry.collectGarbage(Duration.ZERO);
                }
                if (i % 2 == 1) { // catalog catch-up and compaction, killed at any point like the rest
                    registry.search().versions(SearchRequest.of("name:crashy").limit(1));
                }
            }
        }
    }
}
