package io.jmreg.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.CacheReport;
import io.jmreg.api.model.CacheVerification;
import io.jmreg.api.model.ModelVersion;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cached file modified behind the registry's back never reaches a caller: it is detected and repaired. */
class PullCacheIntegrityTest {
    @TempDir
    Path temp;
    private ModelRegistry registry;
    private ModelVersion version;
    private byte[] weights;

    private ModelVersion open(CacheVerification mode) throws Exception {
        registry = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp.resolve("cache"))
                .cacheVerification(mode).build());
        Path dir = Files.createDirectories(temp.resolve("art"));
        weights = new byte[300_000];
        new Random(7).nextBytes(weights);
        Files.write(dir.resolve("weights.bin"), weights);
        Files.writeString(dir.resolve("config.json"), "{\"layers\": 2}");
        version = registry.registerModel(Registration.builder("m").version("1.0.0").artifacts(dir).build());
        return version;
    }

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    private Path cachedBlob() {
        return temp.resolve("cache/blobs").resolve(weightsFile().sha256());
    }

    private ArtifactFile weightsFile() {
        return version.artifacts().file("weights.bin").orElseThrow();
    }

    /** Flips one byte in place (same size, same inode), as a stray write through a hard link would. */
    private static void flipByte(Path file, long at, boolean keepModificationTime) throws Exception {
        FileTime mtime = Files.getLastModifiedTime(file);
        file.toFile().setWritable(true);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(at);
            int b = raf.read();
            raf.seek(at);
            raf.write(b ^ 0xff);
        }
        if (keepModificationTime) {
            Files.setLastModifiedTime(file, mtime);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private void assertEverythingServesTheRightBytes() throws Exception {
        Path snapshot = registry.pull("m:1.0.0");
        assertThat(sha256(snapshot.resolve("weights.bin"))).isEqualTo(weightsFile().sha256());
        try (InputStream in = registry.openArtifact("m:1.0.0", "weights.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(weights);
        }
        try (InputStream in = registry.openArtifact("m:1.0.0", "weights.bin", 1000, 10)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(weights, 1000, 1010));
        }
        Path copy = registry.pull("m:1.0.0", temp.resolve("copy-" + System.nanoTime()));
        assertThat(Files.readAllBytes(copy.resolve("weights.bin"))).isEqualTo(weights);
    }

    @Test
    void aByteFlippedInACachedBlobIsDetectedAndRepaired() throws Exception {
        open(CacheVerification.FINGERPRINT);
        registry.pull("m:1.0.0");
        flipByte(cachedBlob(), 1000, false);
        assertEverythingServesTheRightBytes();
    }

    @Test
    void aByteFlippedWithTheModificationTimeRestoredIsDetectedByTheChangeTime() throws Exception {
        open(CacheVerification.FINGERPRINT);
        try (InputStream in = registry.openArtifact("m:1.0.0", "weights.bin")) {
            in.readAllBytes();
        }
        flipByte(cachedBlob(), 5, true);
        assertEverythingServesTheRightBytes();
    }

    @Test
    void aWriteThroughASnapshotFileIsDetectedAndTheSnapshotRestored() throws Exception {
        open(CacheVerification.FINGERPRINT);
        Path snapshot = registry.pull("m:1.0.0");
        flipByte(snapshot.resolve("weights.bin"), 42, false);
        assertThat(registry.pull("m:1.0.0")).isEqualTo(snapshot);
        assertThat(Files.readAllBytes(snapshot.resolve("weights.bin"))).isEqualTo(weights);
        assertEverythingServesTheRightBytes();
    }

    @Test
    void aTruncatedOrRemovedFileIsRestored() throws Exception {
        open(CacheVerification.FINGERPRINT);
        Path snapshot = registry.pull("m:1.0.0");
        cachedBlob().toFile().setWritable(true);
        try (RandomAccessFile raf = new RandomAccessFile(cachedBlob().toFile(), "rw")) {
            raf.setLength(1000);
        }
        Files.delete(snapshot.resolve("config.json"));
        assertThat(Files.readString(registry.pull("m:1.0.0").resolve("config.json"))).contains("layers");
        assertEverythingServesTheRightBytes();
    }

    @Test
    void aReplacementOfTheSameSizeIsDetected() throws Exception {
        open(CacheVerification.FINGERPRINT);
        Path snapshot = registry.pull("m:1.0.0");
        byte[] other = weights.clone();
        other[0] ^= 1;
        Path impostor = temp.resolve("impostor");
        Files.write(impostor, other);
        Files.setLastModifiedTime(impostor, Files.getLastModifiedTime(cachedBlob()));
        Files.move(impostor, cachedBlob(), StandardCopyOption.REPLACE_EXISTING);
        Path impostor2 = temp.resolve("impostor2");
        Files.write(impostor2, other);
        Files.move(impostor2, snapshot.resolve("weights.bin"), StandardCopyOption.REPLACE_EXISTING);
        assertEverythingServesTheRightBytes();
    }

    @Test
    void alwaysModeRehashesEvenWhenTheFingerprintWasForged() throws Exception {
        open(CacheVerification.ALWAYS);
        registry.pull("m:1.0.0");
        flipByte(cachedBlob(), 77, false);
        // forge the recorded fingerprint so that it matches the modified file
        Files.writeString(temp.resolve("cache/fingerprints").resolve(weightsFile().sha256()),
                Fingerprint.of(cachedBlob()).line());
        assertEverythingServesTheRightBytes();
    }

    @Test
    void verifyCacheFindsAndRepairsEverything() throws Exception {
        open(CacheVerification.FINGERPRINT);
        Path snapshot = registry.pull("m:1.0.0");
        flipByte(cachedBlob(), 9, true);
        Files.delete(snapshot.resolve("config.json"));
        CacheReport report = registry.verifyCache();
        assertThat(report.blobsChecked()).isEqualTo(2);
        assertThat(report.blobsCorrupt()).isEqualTo(1);
        assertThat(report.snapshotFilesChecked()).isEqualTo(2);
        assertThat(report.snapshotFilesRepaired()).isEqualTo(2);
        assertThat(Files.readAllBytes(snapshot.resolve("weights.bin"))).isEqualTo(weights);
        assertThat(snapshot.resolve("config.json")).exists();
        CacheReport clean = registry.verifyCache();
        assertThat(clean.blobsCorrupt()).isZero();
        assertThat(clean.snapshotFilesRepaired()).isZero();
    }
}
