package io.jmreg.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.IntegrityException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.signing.SignatureOptions;
import io.jmreg.api.signing.SigningKeys;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large files carry a chunk index: a ranged read on a cold cache fetches and verifies only the chunks it touches, a
 * pull verifies each chunk as it arrives, and a missing or damaged index falls back to whole-file verification.
 */
class ChunkedReadTest {
    private static final int MIB = 1 << 20;
    private static final int CHUNK = 4 * MIB;
    @TempDir
    Path temp;
    private String name;
    private byte[] weights;
    private Path artifacts;

    @BeforeEach
    void files() throws Exception {
        name = "chunks-" + UUID.randomUUID();
        weights = new byte[40 * MIB + 12345];
        new Random(11).nextBytes(weights);
        artifacts = Files.createDirectories(temp.resolve("art"));
        Files.write(artifacts.resolve("weights.bin"), weights);
        Files.writeString(artifacts.resolve("config.json"), "{\"layers\": 2}");
    }

    private ModelRegistry open(String cache) {
        return ModelRegistry.open(RegistryOptions.builder("bytecount:" + name).cacheDirectory(temp.resolve(cache)).build());
    }

    private ArtifactFile registerWeights() {
        try (ModelRegistry r = open("writer-cache")) {
            ModelVersion v = r.registerModel(Registration.builder("m").version("1.0.0").artifacts(artifacts).build());
            return v.artifacts().file("weights.bin").orElseThrow();
        }
    }

    private static byte[] read(ModelRegistry r, long offset, int length) throws Exception {
        try (InputStream in = r.openArtifact("m:1.0.0", "weights.bin", offset, length)) {
            return in.readAllBytes();
        }
    }

    private void corruptChunk(ArtifactFile file, int chunk) {
        try (StorageBackend backend = StorageBackends.open("mem:" + name, Map.of())) {
            String key = "blobs/sha256/" + file.sha256().substring(0, 2) + "/" + file.sha256();
            byte[] data = backend.getBytes(key);
            data[chunk * CHUNK + 1000] ^= 1;
            backend.putBytes(key, data);
        }
    }

    @Test
    void largeFilesRecordAChunkIndexSmallOnesDoNot() {
        try (ModelRegistry r = open("cache")) {
            ModelVersion v = r.registerModel(Registration.builder("m").version("1.0.0").artifacts(artifacts).build());
            assertThat(v.artifacts().file("weights.bin").orElseThrow().chunkIndex()).matches("[0-9a-f]{64}");
            assertThat(v.artifacts().file("config.json").orElseThrow().chunkIndex()).isNull();
            assertThat(r.resolve("m:1.0.0").artifacts()).isEqualTo(v.artifacts());
        }
    }

    @Test
    void aColdRangedReadFetchesOnlyTheChunksItTouches() throws Exception {
        registerWeights();
        try (ModelRegistry r = open("cache")) {
            ByteCountingProvider.BLOB_BYTES.set(0);
            long middle = 20L * MIB + 100;
            assertThat(read(r, middle, MIB)).isEqualTo(Arrays.copyOfRange(weights, (int) middle, (int) middle + MIB));
            long fetched = ByteCountingProvider.BLOB_BYTES.get();
            assertThat(fetched).as("one chunk and the index, not 40 MiB").isBetween((long) CHUNK, CHUNK + 64 * 1024L);
            assertThat(read(r, 0, 100)).isEqualTo(Arrays.copyOf(weights, 100));
            assertThat(read(r, weights.length - 10, 100)).as("the short last chunk")
                    .isEqualTo(Arrays.copyOfRange(weights, weights.length - 10, weights.length));
            ByteCountingProvider.BLOB_BYTES.set(0);
            assertThat(read(r, middle + 5, 1000)).isEqualTo(Arrays.copyOfRange(weights, (int) middle + 5, (int) middle + 1005));
            assertThat(ByteCountingProvider.BLOB_BYTES.get()).as("cached chunks are reused").isLessThan(64 * 1024L);
            ByteCountingProvider.BLOB_BYTES.set(0);
            assertThat(read(r, 2L * MIB, 30 * MIB)).as("most of the file: the whole file is cached")
                    .isEqualTo(Arrays.copyOfRange(weights, 2 * MIB, 32 * MIB));
            assertThat(ByteCountingProvider.BLOB_BYTES.get()).isGreaterThanOrEqualTo(weights.length);
            assertThat(Files.list(temp.resolve("cache/chunks")).count())
                    .as("chunks are kept while another reader may still use them").isOne();
            assertThat(read(r, middle, MIB)).as("now served from the whole blob")
                    .isEqualTo(Arrays.copyOfRange(weights, (int) middle, (int) middle + MIB));
            new CachedChunks(temp.resolve("cache"), null).sweep(Duration.ofHours(1));
            assertThat(Files.list(temp.resolve("cache/chunks")).count()).as("young chunks survive a sweep").isOne();
            new CachedChunks(temp.resolve("cache"), null).sweep(Duration.ZERO);
            assertThat(Files.list(temp.resolve("cache/chunks")).count()).as("swept once unused for the age").isZero();
        }
    }

    @Test
    void aCorruptChunkIsRefusedAndOnlyItsRangeFails() throws Exception {
        ArtifactFile file = registerWeights();
        corruptChunk(file, 5);
        try (ModelRegistry r = open("cache")) {
            assertThatThrownBy(() -> read(r, 5L * CHUNK + 10, 100)).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("chunk 5");
            assertThat(read(r, 2L * CHUNK, 100)).isEqualTo(Arrays.copyOfRange(weights, 2 * CHUNK, 2 * CHUNK + 100));
            assertThatThrownBy(() -> r.pull("m:1.0.0", temp.resolve("out"))).isInstanceOf(IntegrityException.class);
            assertThat(temp.resolve("out/weights.bin")).doesNotExist();
        }
    }

    @Test
    void aCachedChunkModifiedLocallyIsNeverServed() throws Exception {
        registerWeights();
        try (ModelRegistry r = open("cache")) {
            read(r, 3L * CHUNK, 10);
            Path chunk = temp.resolve("cache/chunks").toFile().listFiles()[0].toPath().resolve("3");
            byte[] data = Files.readAllBytes(chunk);
            data[7] ^= 1;
            Files.write(chunk, data);
            assertThat(read(r, 3L * CHUNK, 10)).as("fetched again")
                    .isEqualTo(Arrays.copyOfRange(weights, 3 * CHUNK, 3 * CHUNK + 10));
        }
    }

    @Test
    void aPullVerifiesEachChunkAsItArrivesWithoutASecondPass() throws Exception {
        registerWeights();
        try (ModelRegistry r = open("cache")) {
            ByteCountingProvider.BLOB_BYTES.set(0);
            Path dir = r.pull("m:1.0.0", temp.resolve("out"));
            assertThat(Files.readAllBytes(dir.resolve("weights.bin"))).isEqualTo(weights);
            assertThat(ByteCountingProvider.BLOB_BYTES.get()).as("each byte fetched once, plus the index and config")
                    .isBetween((long) weights.length, weights.length + 64 * 1024L);
        }
    }

    @Test
    void aMissingOrDamagedIndexFallsBackToWholeFileVerification() throws Exception {
        ArtifactFile file = registerWeights();
        String indexKey = "blobs/sha256/" + file.chunkIndex().substring(0, 2) + "/" + file.chunkIndex();
        try (StorageBackend backend = StorageBackends.open("mem:" + name, Map.of())) {
            byte[] index = backend.getBytes(indexKey);
            index[index.length - 1] ^= 1; // a forged chunk digest: the index no longer matches its recorded digest
            backend.putBytes(indexKey, index);
        }
        try (ModelRegistry r = open("cache-damaged")) {
            ByteCountingProvider.BLOB_BYTES.set(0);
            assertThat(read(r, 20L * MIB, 100)).isEqualTo(Arrays.copyOfRange(weights, 20 * MIB, 20 * MIB + 100));
            assertThat(ByteCountingProvider.BLOB_BYTES.get()).as("whole file").isGreaterThanOrEqualTo(weights.length);
        }
        try (StorageBackend backend = StorageBackends.open("mem:" + name, Map.of())) {
            backend.delete(indexKey);
        }
        corruptChunk(file, 9);
        try (ModelRegistry r = open("cache-missing")) {
            assertThatThrownBy(() -> read(r, 0, 100)).as("the whole file is verified, and it is corrupt")
                    .isInstanceOf(IntegrityException.class);
        }
    }

    @Test
    void signaturesCoverTheChunkIndex() throws Exception {
        KeyPair key = SigningKeys.generate();
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder("bytecount:" + name)
                .cacheDirectory(temp.resolve("signed")).signatures(SignatureOptions.requiring(key.getPublic())
                        .andSigningWith(key)).build())) {
            r.registerModel(Registration.builder("m").version("1.0.0").artifacts(artifacts).build());
            assertThat(read(r, 20L * MIB, 100)).isEqualTo(Arrays.copyOfRange(weights, 20 * MIB, 20 * MIB + 100));
        }
    }
}
