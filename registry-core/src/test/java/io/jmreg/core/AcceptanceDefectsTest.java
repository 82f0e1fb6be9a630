package io.jmreg.core;

import io.jmreg.core.store.StoreLayout;
import io.jmreg.api.Bump;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.IntegrityException;
import io.jmreg.api.exceptions.MissingBlobException;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.exceptions.VersionConflictException;
import io.jmreg.api.lifecycle.StageDefinition;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The smaller defects found in acceptance, each pinned by a test. */
class AcceptanceDefectsTest {
    @TempDir
    Path temp;

    private ModelRegistry open(String uri) {
        return ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("cache")).build());
    }

    @Test
    void bumpsNeverCarryBuildMetadata() {
        try (ModelRegistry r = open("mem:")) {
            r.registerModel(Registration.builder("b").version("2.1.0+build.5").build());
            assertThat(r.registerModel(Registration.builder("b").bump(Bump.PATCH).build()).version()).isEqualTo("2.1.1");
            r.registerModel(Registration.builder("b").version("2.1.2+build.9").build());
            assertThat(r.registerModel(Registration.builder("b").bump(Bump.MINOR).build()).version()).isEqualTo("2.2.0");
            r.registerModel(Registration.builder("b").version("2.3.0+sha.1").build());
            assertThat(r.registerModel(Registration.builder("b").bump(Bump.MAJOR).build()).version()).isEqualTo("3.0.0");
        }
    }

    @Test
    void aVersionTakenWithBuildMetadataSaysAsWhat() {
        try (ModelRegistry r = open("mem:")) {
            r.registerModel(Registration.builder("b").version("1.5.0+build.7").build());
            assertThatThrownBy(() -> r.registerModel(Registration.builder("b").version("1.5.0").build()))
                    .isInstanceOf(VersionConflictException.class)
                    .hasMessageContaining("version 1.5.0 of model 'b' already exists as 1.5.0+build.7")
                    .hasMessageContaining("build metadata does not make a distinct version");
            r.deleteVersion("b:1.5.0");
            assertThatThrownBy(() -> r.registerModel(Registration.builder("b").version("1.5.0+other").build()))
                    .hasMessageContaining("was deleted as 1.5.0+build.7");
        }
    }

    @Test
    void aStageWithoutOperationsAllowsNoneInCodeAndInJson() throws Exception {
        assertThat(new StageDefinition("s", Set.of(), null).operations()).isEmpty();
        Path file = Files.writeString(temp.resolve("m.json"),
                "{\"initial\": \"draft\", \"stages\": {\"draft\": {\"transitions\": []}}}");
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp.resolve("c"))
                .stageMachineFile(file).build())) {
            r.registerModel(Registration.builder("m").version("1.0.0").build());
            assertThat(r.lifecycle().stageMachine().stage("draft").operations()).isEmpty();
            assertThatThrownBy(() -> r.updateMetrics("m:1.0.0", Map.of("a.b", 1.0)))
                    .isInstanceOf(OperationNotAllowedException.class);
            assertThatThrownBy(() -> r.deleteVersion("m:1.0.0")).isInstanceOf(OperationNotAllowedException.class);
        }
    }

    @Test
    void aMissingBlobIsReportedAsMissingNotAsADigestMismatch() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("art"));
        Files.writeString(dir.resolve("weights.bin"), "some weights");
        try (ModelRegistry r = open("mem:missing-blob")) {
            ModelVersion v = r.registerModel(Registration.builder("m").version("1.0.0").artifacts(dir).build());
            String sha = v.artifacts().files().get(0).sha256();
            try (StorageBackend raw = StorageBackends.open("mem:missing-blob", Map.of())) {
                assertThat(raw.delete(StoreLayout.blobKey(sha))).isTrue();
            }
            assertThatThrownBy(() -> r.pull("m:1.0.0")).isInstanceOf(MissingBlobException.class)
                    .isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("weights.bin").hasMessageContaining(sha).hasMessageContaining("missing from the store")
                    .satisfies(e -> assertThat(((MissingBlobException) e).actualSha256()).isNull());
        }
    }
}
