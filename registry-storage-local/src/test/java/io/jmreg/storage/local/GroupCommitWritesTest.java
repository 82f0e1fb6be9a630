package io.jmreg.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.spi.EarlyVisibleWrites;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit on a {@code file:} store: one write created under several keys (hard links of one file), each key
 * create-only; and threads registering at once share such writes, every version readable afterwards by a new process
 * and the audit trail intact.
 */
class GroupCommitWritesTest {
    private static final String BATCH_HEAD = "{\"schema\":6,\"entries\":[";

    @TempDir
    Path temp;

    @Test
    void oneWriteIsCreatedUnderEveryFreeKeyAndNoneThatExists() throws Exception {
        Path root = temp.resolve("store");
        try (StorageBackend backend = StorageBackends.open("file:" + root, Map.of())) {
            EarlyVisibleWrites writes = backend.capability(EarlyVisibleWrites.class).orElseThrow();
            backend.putBytes("m2/log/1", "someone else's".getBytes(StandardCharsets.UTF_8));
            byte[] data = "shared bytes".getBytes(StandardCharsets.UTF_8);
            List<Boolean> created = writes.putAllIfAbsentVisibleFirst(List.of("m1/log/1", "m2/log/1", "m3/log/7"), data);
            assertThat(created).containsExactly(true, false, true);
            assertThat(backend.getBytes("m1/log/1")).isEqualTo(data);
            assertThat(backend.getBytes("m3/log/7")).isEqualTo(data);
            assertThat(new String(backend.getBytes("m2/log/1"), StandardCharsets.UTF_8)).isEqualTo("someone else's");
            assertThat(Files.isSameFile(root.resolve("m1/log/1"), root.resolve("m3/log/7"))).as("one file, two names")
                    .isTrue();
            assertThat(writes.putAllIfAbsentVisibleFirst(List.of("m1/log/1", "m3/log/7"), data))
                    .as("taken keys are never overwritten").containsExactly(false, false);
            byte[] large = new byte[40 * 1024]; // synced before it is linked
            assertThat(writes.putAllIfAbsentVisibleFirst(List.of("big/a", "big/b"), large)).containsExactly(true, true);
            assertThat(backend.getBytes("big/b")).hasSize(large.length);
            try (Stream<Path> left = Files.list(root.resolve(".tmp"))) {
                assertThat(left.filter(p -> p.getFileName().toString().endsWith(".tmp")))
                        .as("temporary files of the writes").isEmpty();
            }
        }
    }

    @Test
    void threadsRegisteringAtOnceShareWritesAndLoseNothing() throws Exception {
        Path root = temp.resolve("store");
        String uri = "file:" + root;
        int threads = 8;
        int each = 40;
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("c1")).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String model = "model-" + t;
                    writers.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < each; i++) {
                            r.registerModel(Registration.builder(model).version("1.0." + i)
                                    .metric("evaluation.accuracy", 0.5 + i / 1000.0).description("entry " + i).build());
                        }
                        return null;
                    }));
                }
                // two threads on one model race for the same log positions, inside batches too
                for (int t = 0; t < 2; t++) {
                    String prefix = "2." + t + ".";
                    writers.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < each / 2; i++) {
                            r.registerModel(Registration.builder("shared").version(prefix + i).build());
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> w : writers) {
                    w.get();
                }
            } finally {
                pool.shutdown();
            }
        }
        long batchFiles;
        try (Stream<Path> entries = Files.walk(root.resolve("models"))) {
            batchFiles = entries.filter(p -> p.getParent().getFileName().toString().equals("log"))
                    .filter(p -> startsWith(p, BATCH_HEAD)).count();
        }
        assertThat(batchFiles).as("log entries written by group commits").isPositive();
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("c2")).build())) {
            for (int t = 0; t < threads; t++) {
                List<ModelVersion> versions = r.listVersions("model-" + t);
                assertThat(versions).hasSize(each);
                assertThat(versions).extracting(ModelVersion::description).contains("entry 0", "entry " + (each - 1));
            }
            assertThat(r.listVersions("shared")).hasSize(each);
            assertThat(r.audit().verify(AuditVerification.trusting()).valid()).as("every entry's bytes as audited")
                    .isTrue();
        }
    }

    private static boolean startsWith(Path file, String head) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return new String(bytes, 0, Math.min(bytes.length, head.length()), StandardCharsets.UTF_8).equals(head);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
