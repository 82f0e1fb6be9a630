package io.jmreg.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.testkit.process.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull cache shared by two processes over a {@code file:} store: readers of the same cold large file in both never
 * fail and always get the right bytes; a cache whose disk refuses writes gives the registry's typed exception.
 */
class SharedPullCacheTest {
    @TempDir
    Path temp;

    @Test
    void readersInTwoProcessesOfTheSameColdFilesNeverFail() throws Exception {
        String store = "file:" + temp.resolve("store");
        Path cache = temp.resolve("cache");
        int files = 2;
        Path dir = Files.createDirectories(temp.resolve("art"));
        for (int k = 0; k < files; k++) {
            Files.write(dir.resolve("f" + k + ".bin"), CacheReaderMain.bytes(k));
        }
        Path go = Files.createDirectories(temp.resolve("go"));
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(store).principal("test")
                .cacheDirectory(cache).build())) {
            registry.registerModel(Registration.builder("m").version("1.0.0").artifacts(dir).build());
            Path log = temp.resolve("child.log");
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            Process child = ChildJvm.start(log, List.of("-Xmx256m"), CacheReaderMain.class, "race", store,
                    cache.toString(), go.toString(), Integer.toString(files), "4");
            try {
                for (int k = 0; k < files; k++) {
                    byte[] expected = CacheReaderMain.bytes(k);
                    List<Thread> running = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        running.add(new Thread(CacheReaderMain.readers(registry, "f" + k + ".bin", expected, k * 100 + t,
                                t == 0, failures::add)));
                    }
                    Files.createFile(go.resolve("go-" + k));
                    running.forEach(Thread::start);
                    for (Thread t : running) {
                        t.join();
                    }
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    while (!Files.readString(log).contains("done " + k) && child.isAlive() && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    assertThat(Files.readString(log)).as("the other process finished file %d", k).contains("done " + k);
                }
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly();
            }
            assertThat(failures).as("no reader in this process failed").isEmpty();
            assertThat(Files.readString(log)).as("no reader in the other process failed").doesNotContain("FAIL")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void aCacheDiskThatRefusesWritesGivesCacheExceptionsThatDoNotBlameTheStore() throws Exception {
        String store = "file:" + temp.resolve("store");
        Path dir = Files.createDirectories(temp.resolve("art"));
        Files.write(dir.resolve("big.bin"), CacheReaderMain.bytes(0)); // chunk-indexed: fetched in parallel ranges
        Files.write(dir.resolve("mid.bin"), new byte[3 << 20]); // below the chunked size: one verified copy
        Files.writeString(dir.resolve("small.json"), "{}");
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(store).principal("test")
                .cacheDirectory(temp.resolve("own-cache")).build())) {
            registry.registerModel(Registration.builder("m").version("1.0.0").artifacts(dir).build());
        }
        // the child may write no file beyond 2 MiB (RLIMIT_FSIZE): its writes into the cache fail as on a full disk
        Path log = temp.resolve("full.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CacheReaderMain.class.getName(), "full", store,
                temp.resolve("cache").toString(), temp.resolve("out").toString()));
        String quoted = String.join(" ", command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        Process child = new ProcessBuilder("bash", "-c", "ulimit -f 2048 && exec " + quoted).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = Files.readAllLines(log).stream().filter(l -> l.matches("(pull|ranged|whole) .*")).toList();
        assertThat(lines).as(Files.readString(log)).hasSize(3).allSatisfy(line -> assertThat(line)
                .contains("io.jmreg.api.exceptions.CacheException").contains("pull cache").contains("File too large")
                .doesNotContain("cannot read blob"));
    }
}
