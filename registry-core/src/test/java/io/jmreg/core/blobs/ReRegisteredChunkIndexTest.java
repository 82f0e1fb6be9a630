package io.jmreg.core.blobs;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Re-registering large content the model has already reuses its recorded chunk index (the file is hashed once, its
 * chunks are not hashed again); a missing index is computed again, and new content of the same size gets its own.
 */
class ReRegisteredChunkIndexTest {
    private static final int MIB = 1 << 20;
    @TempDir
    Path temp;

    private static ArtifactFile register(ModelRegistry r, String version, Path file) {
        return r.registerModel(Registration.builder("m").version(version).artifacts(file).build())
                .artifacts().file("weights.bin").orElseThrow();
    }

    @Test
    void identicalContentReusesItsIndexAndChangedContentOfTheSameSizeGetsItsOwn() throws Exception {
        String store = "mem:rereg-" + UUID.randomUUID();
        byte[] weights = new byte[9 * MIB + 77];
        new Random(5).nextBytes(weights);
        Path file = Files.createDirectories(temp.resolve("a")).resolve("weights.bin");
        Files.write(file, weights);
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder(store).cacheDirectory(temp.resolve("c")).build());
             StorageBackend raw = StorageBackends.open(store, Map.of())) {
            ArtifactFile first = register(r, "1.0.0", file);
            assertThat(first.chunkIndex()).isNotNull();

            ArtifactFile again = register(r, "1.0.1", file);
            assertThat(again.sha256()).isEqualTo(first.sha256());
            assertThat(again.chunkIndex()).isEqualTo(first.chunkIndex());

            String indexKey = "blobs/sha256/" + first.chunkIndex().substring(0, 2) + "/" + first.chunkIndex();
            raw.delete(indexKey);
            ArtifactFile recomputed = register(r, "1.0.2", file);
            assertThat(recomputed.chunkIndex()).isEqualTo(first.chunkIndex());
            assertThat(raw.stat(indexKey)).as("the missing index is stored again").isPresent();

            weights[5 * MIB] ^= 1; // same size, new content: not a duplicate after all
            Files.write(file, weights);
            ArtifactFile changed = register(r, "1.0.3", file);
            assertThat(changed.sha256()).isNotEqualTo(first.sha256()).isEqualTo(Sha256.of(weights));
            assertThat(changed.chunkIndex()).isNotNull().isNotEqualTo(first.chunkIndex());
            try (InputStream in = r.openArtifact("m:1.0.3", "weights.bin", 5L * MIB - 10, 20)) {
                assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(weights, 5 * MIB - 10, 5 * MIB + 10));
            }
        }
    }
}
