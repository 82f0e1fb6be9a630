package io.jmreg.storage.local;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import io.jmreg.testkit.process.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Temporary files of killed writers are removed by the next collection at once, those of live writers never. */
class CrashTempFilesTest {
    @TempDir
    Path temp;

    private List<Path> temporaryFiles(Path store) throws Exception {
        try (Stream<Path> s = Files.list(store.resolve(".tmp"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void aCollectionRemovesTheTemporaryFilesOfAKilledWriterButNotThoseOfALiveOne() throws Exception {
        Path store = temp.resolve("store");
        String uri = "file:" + store;
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(uri)
                .cacheDirectory(temp.resolve("cache")).build())) {
            StorageBackend live = StorageBackends.open(uri, Map.of()); // opened first: opening sweeps too
            Process writer = ChildJvm.start(temp.resolve("writer.log"), List.of("-Xmx64m"), TempWriterMain.class, uri);
            Path crashed;
            try {
                long started = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                while (temporaryFiles(store).isEmpty()) { // created before the data arrives
                    assertThat(writer.isAlive()).as("writer running: %s",
                            Files.readString(temp.resolve("writer.log"))).isTrue();
                    assertThat(System.nanoTime()).as("writer started its put in time").isLessThan(started);
                    Thread.sleep(10);
                }
                crashed = temporaryFiles(store).get(0);
            } finally {
                writer.destroyForcibly(); // SIGKILL: nothing of the writer runs again
            }
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();

            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> put = CompletableFuture.runAsync(() ->
                    live.put("blobs/live", new TempWriterMain.StallingStream(release), 64 * 1024));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (temporaryFiles(store).size() < 2) {
                assertThat(System.nanoTime()).as("live put started in time").isLessThan(deadline);
                Thread.sleep(5);
            }
            Path inFlight = temporaryFiles(store).stream().filter(p -> !p.equals(crashed)).findFirst().orElseThrow();

            registry.collectGarbage(Duration.ofDays(1)); // fresh files, long grace: only the owner check can remove it
            assertThat(crashed).doesNotExist();
            assertThat(temporaryFiles(store)).containsExactly(inFlight);
            StorageBackends.open(uri, Map.of()).close(); // another process's open and collection: the live one stays
            registry.collectGarbage(Duration.ofDays(1));
            assertThat(temporaryFiles(store)).containsExactly(inFlight);
            release.countDown();
            put.get(30, TimeUnit.SECONDS);
            assertThat(live.getBytes("blobs/live")).hasSize(64 * 1024);
            assertThat(temporaryFiles(store)).isEmpty();
            live.close();
        }
    }
}
