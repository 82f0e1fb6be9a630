package io.jmreg.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files handed over with consumeArtifacts become the stored blobs without a copy on the same file system. */
class ConsumedArtifactsTest {
    @TempDir
    Path temp;

    private static Path blob(Path store, ArtifactFile f) {
        return store.resolve("blobs/sha256").resolve(f.sha256().substring(0, 2)).resolve(f.sha256());
    }

    @Test
    void consumedFilesAreLinkedIntoTheStoreAndStillHashedAndIndexed() throws Exception {
        Path store = temp.resolve("store");
        Path dir = Files.createDirectories(temp.resolve("upload"));
        byte[] big = new byte[10 << 20];
        new Random(2).nextBytes(big);
        Files.write(dir.resolve("weights.bin"), big);
        Files.writeString(dir.resolve("config.json"), "{}");
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder("file:" + store).cacheDirectory(temp.resolve("c"))
                .build())) {
            ModelVersion v = r.registerModel(Registration.builder("m").version("1.0.0").artifacts(dir).consumeArtifacts()
                    .build());
            ArtifactFile weights = v.artifacts().file("weights.bin").orElseThrow();
            assertThat(Files.isSameFile(blob(store, weights), dir.resolve("weights.bin"))).as("linked, not copied").isTrue();
            assertThat(weights.chunkIndex()).isNotNull();
            try (InputStream in = r.openArtifact("m:1.0.0", "weights.bin", 5 << 20, 10)) {
                assertThat(in.readAllBytes()).containsExactly(Arrays.copyOfRange(big, 5 << 20, (5 << 20) + 10));
            }
            // without the flag the caller's files stay the caller's
            ModelVersion copied = r.registerModel(Registration.builder("n").version("1.0.0").artifacts(dir).build());
            assertThat(copied.artifacts().digest()).isEqualTo(v.artifacts().digest());
            Path other = Files.createDirectories(temp.resolve("other"));
            Files.write(other.resolve("x.bin"), new byte[] {1, 2, 3});
            ModelVersion plain = r.registerModel(Registration.builder("p").version("1.0.0").artifacts(other).build());
            assertThat(Files.isSameFile(blob(store, plain.artifacts().files().get(0)), other.resolve("x.bin"))).isFalse();
        }
    }

    @Test
    void aKnownDigestOfAConsumedFileIsTakenWithItsChunkIndexStillComputed() throws Exception {
        Path store = temp.resolve("store3");
        byte[] big = new byte[(13 << 20) + 5]; // four chunks, the last partial: the chunk pass splits at a boundary
        new Random(3).nextBytes(big);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big));
        Path dir = Files.createDirectories(temp.resolve("download"));
        Files.write(dir.resolve("weights.bin"), big);
        Path plainDir = Files.createDirectories(temp.resolve("plain"));
        Files.write(plainDir.resolve("weights.bin"), big);
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder("file:" + store).cacheDirectory(temp.resolve("c3"))
                .build())) {
            ModelVersion v = r.registerModel(Registration.builder("m").version("1.0.0").artifacts(dir).consumeArtifacts()
                    .artifactDigest("weights.bin", sha).build());
            ArtifactFile weights = v.artifacts().file("weights.bin").orElseThrow();
            assertThat(weights.sha256()).isEqualTo(sha);
            assertThat(Files.isSameFile(blob(store, weights), dir.resolve("weights.bin"))).isTrue();
            // the chunk index is the one a full hashing writes: the same file registered plainly shares it
            ModelVersion plain = r.registerModel(Registration.builder("n").version("1.0.0").artifacts(plainDir).build());
            assertThat(plain.artifacts().file("weights.bin").orElseThrow().chunkIndex()).isEqualTo(weights.chunkIndex());
            try (InputStream in = r.openArtifact("m:1.0.0", "weights.bin", (12 << 20) + 1, 20)) {
                assertThat(in.readAllBytes()).containsExactly(Arrays.copyOfRange(big, (12 << 20) + 1, (12 << 20) + 21));
            }
            // without consumeArtifacts a digest is not taken on trust: the file is hashed
            Path other = Files.createDirectories(temp.resolve("other3"));
            Files.write(other.resolve("x.bin"), new byte[] {1, 2, 3});
            ModelVersion hashed = r.registerModel(Registration.builder("p").version("1.0.0").artifacts(other)
                    .artifactDigest("x.bin", "0".repeat(64)).build());
            assertThat(hashed.artifacts().files().get(0).sha256())
                    .isEqualTo("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81");
        }
        Assertions.assertThatThrownBy(() -> Registration.builder("m").artifactDigest("a", "ABC").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("'a'");
    }

    @Test
    void aFileOnAnotherFileSystemIsCopiedInstead() throws Exception {
        Path shm = Path.of("/dev/shm");
        Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm),
                "no /dev/shm (tmpfs) to stand for another file system");
        Path dir = Files.createTempDirectory(shm, "jmreg-consume");
        try {
            Files.write(dir.resolve("w.bin"), new byte[] {4, 5, 6});
            Path store = temp.resolve("store2");
            try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder("file:" + store)
                    .cacheDirectory(temp.resolve("c2")).build())) {
                ModelVersion v = r.registerModel(Registration.builder("m").version("1.0.0").artifacts(dir)
                        .consumeArtifacts().build());
                Path stored = blob(store, v.artifacts().files().get(0));
                assertThat(Files.readAllBytes(stored)).containsExactly(4, 5, 6);
                assertThat(Files.isSameFile(stored, dir.resolve("w.bin"))).isFalse();
            }
        } finally {
            Files.deleteIfExists(dir.resolve("w.bin"));
            Files.deleteIfExists(dir);
        }
    }
}
