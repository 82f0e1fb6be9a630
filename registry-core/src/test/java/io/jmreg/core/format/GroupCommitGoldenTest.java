package io.jmreg.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store holding a group commit's file (under {@code src/test/resources/golden/format-2-group-commit}, written by
 * hand from the format's description: one JSON document with the entries and, after them, where each lies; the same
 * bytes stored as entry 1 of both models) opens with each model's own entry, and the next commit goes after it.
 */
class GroupCommitGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/format-2-group-commit");
    @TempDir
    Path temp;

    @Test
    void eachModelReadsItsOwnEntryOfTheSharedFile() throws Exception {
        String uri = "mem:golden-group-" + UUID.randomUUID();
        try (StorageBackend backend = StorageBackends.open(uri, Map.of()); Stream<Path> files = Files.walk(GOLDEN)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                backend.putBytes(GOLDEN.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
            try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(temp).build())) {
                assertThat(r.listVersions("alpha")).extracting(ModelVersion::version).containsExactly("1.0.0");
                assertThat(r.listVersions("beta")).extracting(ModelVersion::version).containsExactly("2.0.0");
                assertThat(r.resolve("alpha:1.0.0").description()).isEqualTo("first of a group commit");
                assertThat(r.resolve("beta:2.0.0").description()).isEqualTo("second of a group commit");
                r.registerModel(Registration.builder("beta").version("2.0.1").build());
                assertThat(r.listVersions("beta")).extracting(ModelVersion::version).containsExactly("2.0.0", "2.0.1");
            }
        }
    }
}
