package io.jmreg.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.TransferProgress;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large file registered into a {@code file:} store is copied in the kernel into a staged file while two threads
 * hash the copy: the recorded SHA-256 and chunk index are those of the stored bytes, equal to what the streamed
 * one-pass write computes, and a source that changes during the copy is refused with nothing written.
 */
class CopiedLargeFileTest {
    /** Three copy segments (the last partial) and six chunks (the last partial). */
    private static final int SIZE = (20 << 20) + 5;

    @TempDir
    Path temp;

    private static Path blob(Path store, String sha) {
        return store.resolve("blobs/sha256").resolve(sha.substring(0, 2)).resolve(sha);
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** Temporary files left in the store (owner files of open stores aside). */
    private static long temporaryFiles(Path store) throws IOException {
        try (Stream<Path> files = Files.list(store.resolve(".tmp"))) {
            return files.filter(p -> !p.getFileName().toString().endsWith(".owner")).count();
        }
    }

    @Test
    void aLargeFileIsStoredAsACopyWhoseDigestsAreTheStreamedWritesDigests() throws Exception {
        byte[] big = randomBytes(SIZE, 4);
        Path dir = Files.createDirectories(temp.resolve("model"));
        Files.write(dir.resolve("weights.bin"), big);
        Path store = temp.resolve("store");
        AtomicLong reported = new AtomicLong();
        TransferProgress progress = new TransferProgress() {
            @Override
            public void started(int files, long bytes) {
            }

            @Override
            public void fileDone(String path, long bytes) {
            }

            @Override
            public void bytes(String path, long bytes) {
                reported.addAndGet(bytes);
            }
        };
        ArtifactFile streamed;
        try (ModelRegistry mem = ModelRegistry.open(RegistryOptions.builder("mem:copied-large")
                .cacheDirectory(temp.resolve("mem-cache")).build())) {
            streamed = mem.registerModel(Registration.builder("m").version("1.0.0").artifacts(dir).build())
                    .artifacts().file("weights.bin").orElseThrow();
        }
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder("file:" + store)
                .cacheDirectory(temp.resolve("cache")).build())) {
            ModelVersion v = r.registerModel(Registration.builder("m").version("1.0.0").artifacts(dir).build(), progress);
            ArtifactFile weights = v.artifacts().file("weights.bin").orElseThrow();
            assertThat(weights.sha256()).isEqualTo(sha256(big));
            assertThat(weights.size()).isEqualTo(SIZE);
            assertThat(weights.chunkIndex()).as("the same chunk index as the streamed one-pass write")
                    .isNotNull().isEqualTo(streamed.chunkIndex());
            Path stored = blob(store, weights.sha256());
            assertThat(Files.mismatch(stored, dir.resolve("weights.bin"))).as("the stored bytes").isEqualTo(-1);
            assertThat(Files.isSameFile(stored, dir.resolve("weights.bin"))).as("a copy, not a link").isFalse();
            assertThat(Files.exists(blob(store, weights.chunkIndex()))).isTrue();
            assertThat(reported.get()).as("the copy reports its bytes").isEqualTo(SIZE);
            assertThat(temporaryFiles(store)).isZero();
            try (InputStream in = r.openArtifact("m:1.0.0", "weights.bin", (20 << 20) - 3, 8)) {
                assertThat(in.readAllBytes()).containsExactly(Arrays.copyOfRange(big, (20 << 20) - 3, SIZE));
            }
        }
    }

    @Test
    void aSourceThatChangesDuringTheCopyIsRefusedWithNothingWritten() throws Exception {
        byte[] big = randomBytes(SIZE, 5);
        Path dir = Files.createDirectories(temp.resolve("model"));
        Path source = dir.resolve("weights.bin");
        Files.write(source, big);
        Path store = temp.resolve("store");
        TransferProgress appendDuringTheCopy = new TransferProgress() {
            private boolean appended;

            @Override
            public void started(int files, long bytes) {
            }

            @Override
            public void fileDone(String path, long bytes) {
            }

            @Override
            public void bytes(String path, long bytes) {
                if (!appended) { // after the first segment: the writer of the file is still at work
                    appended = true;
                    try {
                        Files.write(source, new byte[] {1}, StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder("file:" + store)
                .cacheDirectory(temp.resolve("cache")).build())) {
            assertThatThrownBy(() -> r.registerModel(Registration.builder("m").version("1.0.0").artifacts(dir).build(),
                    appendDuringTheCopy))
                    .isInstanceOf(InvalidArtifactException.class)
                    .hasMessageContaining("weights.bin")
                    .hasMessageContaining("changed while it was being registered");
            assertThat(r.listModels()).isEmpty();
            assertThat(Files.exists(blob(store, sha256(big)))).isFalse();
            assertThat(temporaryFiles(store)).as("the staged copy is deleted").isZero();
            // the file, once it is no longer written, registers
            ModelVersion v = r.registerModel(Registration.builder("m").version("1.0.0").artifacts(dir).build());
            assertThat(v.artifacts().file("weights.bin").orElseThrow().sha256())
                    .isEqualTo(sha256(Files.readAllBytes(source)));
        }
    }
}
