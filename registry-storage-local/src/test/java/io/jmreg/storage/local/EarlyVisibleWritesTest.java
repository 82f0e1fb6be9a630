package io.jmreg.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.spi.EarlyVisibleWrites;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code file:} store writes log entries visible-first: linked, then the file and its directory synced in one
 * round. Create-only still holds among racing writers, a failed announcement places nothing, no temporary file is
 * left, and a log entry left empty (what a crash of the machine between the link and the sync can leave) is passed.
 */
class EarlyVisibleWritesTest {
    @TempDir
    Path temp;

    @Test
    void createOnlyAmongRacingWritersWithNothingLeftAside() throws Exception {
        Path root = temp.resolve("store");
        try (StorageBackend backend = StorageBackends.open("file:" + root, Map.of())) {
            EarlyVisibleWrites writes = backend.capability(EarlyVisibleWrites.class).orElseThrow();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Boolean>> racers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    byte[] mine = ("writer " + i).getBytes(StandardCharsets.UTF_8);
                    racers.add(pool.submit((Callable<Boolean>) () -> writes.putIfAbsentVisibleFirst("a/b/entry", mine,
                            null)));
                }
                int won = 0;
                for (Future<Boolean> f : racers) {
                    won += f.get() ? 1 : 0;
                }
                assertThat(won).as("exactly one writer creates the object").isOne();
            } finally {
                pool.shutdown();
            }
            assertThat(new String(backend.getBytes("a/b/entry"), StandardCharsets.UTF_8)).startsWith("writer ");
            assertThatThrownBy(() -> writes.putIfAbsentVisibleFirst("a/c", new byte[] {1}, () -> {
                throw new StorageException("announcement refused");
            })).hasMessageContaining("announcement refused");
            assertThat(backend.stat("a/c")).as("nothing placed when the announcement fails").isEmpty();
            boolean[] announced = {false};
            assertThat(writes.putIfAbsentVisibleFirst("a/d", new byte[] {2}, () -> announced[0] = true)).isTrue();
            assertThat(announced[0]).isTrue();
            writes.sync("a/d");
            assertThatThrownBy(() -> writes.sync("a/missing")).isInstanceOf(ObjectNotFoundException.class);
            try (Stream<Path> left = Files.list(root.resolve(".tmp"))) {
                assertThat(left.filter(p -> p.getFileName().toString().endsWith(".tmp")))
                        .as("temporary files of the writes").isEmpty();
            }
        }
    }

    @Test
    void aLogEntryLeftEmptyIsPassedAndTheLogGoesOnAfterIt() throws Exception {
        Path root = temp.resolve("store");
        String uri = "file:" + root;
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("c1")).build())) {
            r.registerModel(Registration.builder("m").version("1.0.0").build());
        }
        Path entry2 = root.resolve("models/m/log/00000000000000000002.json");
        Files.createFile(entry2); // linked, never synced, machine crashed: found empty after the reboot
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("c2")).build())) {
            assertThat(r.listVersions("m")).hasSize(1);
            r.registerModel(Registration.builder("m").version("1.0.1").build());
            assertThat(r.listVersions("m")).hasSize(2);
            assertThat(r.audit().verify(AuditVerification.trusting()).valid()).isTrue();
        }
        assertThat(Files.size(entry2)).isZero();
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("c3")).build())) {
            for (int i = 0; i < 40; i++) {
                r.registerModel(Registration.builder("cp").version("2.0." + i).build());
            }
        }
        Path checkpoint = root.resolve("models/cp/checkpoints/00000000000000000032.json");
        assertThat(checkpoint).as("written, unsynced").isNotEmptyFile();
        Files.write(checkpoint, new byte[0]); // what a crash can leave of a checkpoint that was never synced
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("c4")).build())) {
            assertThat(r.listVersions("cp")).as("read from the log past the empty checkpoint").hasSize(40);
            assertThat(r.audit().verify(AuditVerification.trusting()).valid()).as("an empty checkpoint is no change")
                    .isTrue();
        }
        assertThat(Files.readString(root.resolve("models/m/log/00000000000000000003.json"))).contains("\"1.0.1\"");
    }
}
