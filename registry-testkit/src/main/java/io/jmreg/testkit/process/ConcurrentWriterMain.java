package io.jmreg.testkit.process;

import io.jmreg.api.Bump;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.search.SearchRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * One writer process of the multi-process tests: {@code threads} threads each doing {@code count} operations
 * on model {@code race}. Mode {@code bump}: auto-bumped registrations, printing "VERSION x", with a search every
 * tenth (so that catalog generations are written while the others commit). Mode {@code alias}:
 * alias moves to pre-registered versions plus one distinct metric update each. Mode {@code gc-register}:
 * registrations of fresh artifacts (a small and a 1 MiB file, plus content shared with earlier versions), every
 * fourth deleted again, printing "VERSION x" for the live ones. Mode {@code gc-collect}: garbage collections with
 * grace zero in a loop until the file {@code <cache>/../stop} exists, printing "COLLECTIONS n". Mode {@code audit}:
 * per operation, one metric update and one download of {@code w.bin} of a pre-registered version from the store (the
 * thread's own pull cache emptied first), for the audit trail.
 */
public final class ConcurrentWriterMain {
    private ConcurrentWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String mode = args[1];
        String process = args[2];
        int threads = Integer.parseInt(args[3]);
        int count = Integer.parseInt(args[4]);
        RegistryOptions options = RegistryOptions.builder(uri).principal(process).cacheDirectory(Path.of(args[5]))
                .commitTimeout(Duration.ofMinutes(5)).staleness(Duration.ZERO)
                .property("catalog.compact-after-hints", "8").build();
        try (ModelRegistry registry = ChildRegistries.open(options)) {
            if (mode.equals("gc-collect")) {
                Path stop = Path.of(args[5]).resolveSibling("stop");
                long n = 0;
                while (!Files.exists(stop)) {
                    registry.collectGarbage(Duration.ZERO);
                    n++;
                }
                System.out.println("COLLECTIONS " + n);
                return;
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<String> done = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        if (mode.equals("gc-register")) {
                            Path dir = Files.createDirectories(
                                    Path.of(args[5]).resolve("art-" + thread + "-" + i));
                            Random random = new Random(process.hashCode() * 31L + thread * 1000L + i);
                            byte[] big = new byte[1 << 20];
                            random.nextBytes(big);
                            Files.write(dir.resolve("weights.bin"), big);
                            Files.writeString(dir.resolve("config.json"), "{\"n\":\"" + process + thread + i + "\"}");
                            Files.write(dir.resolve("shared.bin"), new byte[2048 + i % 3]);
                            String v = registry.registerModel(Registration.builder("race").bump(Bump.PATCH).artifacts(dir)
                                    .build()).version();
                            if (i % 4 == 3) {
                                registry.deleteVersion("race:" + v);
                            } else {
                                done.add(v);
                            }
                        } else if (mode.equals("audit")) {
                            registry.updateMetrics("race:1.0.0", Map.of(process + ".t" + thread + ".n" + i, (double) i));
                            Path cache = Path.of(args[5]).resolve("t" + thread);
                            deleteTree(cache);
                            try (ModelRegistry reader = ChildRegistries.open(RegistryOptions.builder(uri).principal(process)
                                    .cacheDirectory(cache).build());
                                 InputStream in = reader.openArtifact("race:1.0." + (i % 10), "w.bin")) {
                                in.transferTo(OutputStream.nullOutputStream());
                            }
                        } else if (mode.equals("bump")) {
                            done.add(registry.registerModel(Registration.builder("race").bump(Bump.PATCH)
                                    .custom("writer", process + "/" + thread).build()).version());
                            if (i % 10 == 9) { // catch the catalog up: compactions race with the other writers'
                                registry.search().versions(SearchRequest.of("name:race").limit(1));
                            }
                        } else {
                            String version = "1.0." + ((thread * count + i) % 10);
                            registry.setAlias("race", "production", version);
                            registry.updateMetrics("race:1.0.0", Map.of(process + ".t" + thread + ".n" + i, (double) i));
                            done.add(version);
                        }
                    }
                    return done;
                }));
            }
            StringBuilder out = new StringBuilder();
            try {
                for (Future<List<String>> f : futures) {
                    for (String v : f.get()) {
                        out.append("VERSION ").append(v).append('\n');
                    }
                }
            } finally {
                pool.shutdownNow(); // a failed writer ends the process (its pool threads would keep it alive)
            }
            System.out.print(out);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.deleteIfExists(p);
            }
        }
    }
}
