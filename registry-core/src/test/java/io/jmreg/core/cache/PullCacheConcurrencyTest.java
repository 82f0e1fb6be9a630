package io.jmreg.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.model.ModelVersion;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many readers of a large file that is not cached yet, some reading small ranges (served from fetched chunks) and
 * some the whole file (which caches the whole blob): every read returns the right bytes and none fails, though
 * the whole-file readers finish while ranged readers are still reading their chunks.
 */
class PullCacheConcurrencyTest {
    private static final int SIZE = 5 * (4 << 20) + 123_457; // six chunks of the 4 MiB chunk size
    @TempDir
    Path temp;
    private ModelRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void rangedAndWholeReadersOfAColdLargeFileNeverFail() throws Exception {
        Path cache = temp.resolve("cache");
        registry = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(cache).build());
        byte[] weights = new byte[SIZE];
        new Random(23).nextBytes(weights);
        Path dir = Files.createDirectories(temp.resolve("art"));
        Files.write(dir.resolve("weights.bin"), weights);
        ModelVersion v = registry.registerModel(Registration.builder("m").version("1.0.0").artifacts(dir).build());
        assertThat(v.artifacts().file("weights.bin").orElseThrow().chunkIndex()).as("a chunk-indexed file").isNotNull();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        try {
            for (int round = 0; round < 4; round++) {
                clear(cache); // the file is cold again
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int reader = t;
                    int seed = round * 100 + t;
                    done.add(pool.submit(() -> {
                        Random random = new Random(seed);
                        try {
                            start.await();
                            for (int i = 0; i < 4; i++) {
                                if (reader == 0 && i == 1) {
                                    try (InputStream in = registry.openArtifact("m:1.0.0", "weights.bin")) {
                                        assertThat(in.readAllBytes()).isEqualTo(weights);
                                    }
                                    continue;
                                }
                                long offset = random.nextInt(SIZE - (6 << 20));
                                int length = (4 << 20) + random.nextInt(1 << 20); // two chunks: less than half the file
                                try (InputStream in = registry.openArtifact("m:1.0.0", "weights.bin", offset, length)) {
                                    byte[] got = readSlowly(in);
                                    assertThat(got).isEqualTo(Arrays.copyOfRange(weights, (int) offset, (int) offset + length));
                                }
                            }
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).as("no reader failed").isEmpty();
    }

    @Test
    void aPullCacheThatCannotBeWrittenGivesATypedExceptionThatNamesTheCacheNotTheStore() throws Exception {
        Path cache = temp.resolve("cache");
        registry = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(cache).build());
        Path dir = Files.createDirectories(temp.resolve("art"));
        byte[] big = new byte[SIZE];
        Files.write(dir.resolve("big.bin"), big);
        Files.write(dir.resolve("small.bin"), new byte[1000]);
        registry.registerModel(Registration.builder("m").version("1.0.0").artifacts(dir).build());
        clear(cache);
        Files.createDirectories(cache);
        // a file where the cache's work directory belongs: every write into the cache fails, as on a full disk
        Files.writeString(cache.resolve("tmp"), "not a directory");
        Files.writeString(cache.resolve("chunks"), "not a directory");
        assertThatThrownBy(() -> registry.pull("m:1.0.0", temp.resolve("out")))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("pull cache").hasMessageNotContaining("mem:");
        assertThatThrownBy(() -> registry.openArtifact("m:1.0.0", "big.bin", 10, 100).close())
                .isInstanceOf(RegistryException.class).hasMessageContaining("pull cache");
        assertThatThrownBy(() -> registry.openArtifact("m:1.0.0", "big.bin").close())
                .isInstanceOf(RegistryException.class).hasMessageContaining("pull cache");
    }

    /** Reads in small pieces, yielding between them, so other readers finish meanwhile. */
    private static byte[] readSlowly(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[256 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            out.write(buffer, 0, n);
            Thread.sleep(2);
        }
        return out.toByteArray();
    }

    private static void clear(Path cache) throws Exception {
        if (!Files.exists(cache)) {
            return;
        }
        try (Stream<Path> all = Files.walk(cache)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                if (!p.equals(cache)) {
                    p.toFile().setWritable(true);
                    Files.delete(p);
                }
            }
        }
    }
}
