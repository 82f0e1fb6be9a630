package io.jmreg.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.Bump;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.VersionStrategy;
import io.jmreg.api.exceptions.CommitConflictException;
import io.jmreg.api.exceptions.OutcomeUnknownException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.exceptions.VersionConflictException;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.BulkChange;
import io.jmreg.core.mem.MemoryBackend;
import io.jmreg.core.semver.VersionAllocator;
import io.jmreg.spi.ForwardingStorageBackend;
import io.jmreg.spi.StorageBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core defects found by black-box tests, each pinned: typed exceptions naming what is wrong, never a bare JVM one. */
class BlackBoxDefectsTest {
    @TempDir
    Path temp;

    @Test
    void reRegisteringTheContentOfADeletedVersionUnderHashIsAConflictNamingTheVersion() throws Exception {
        Path files = Files.createDirectories(temp.resolve("files"));
        Files.writeString(files.resolve("weights.bin"), "same bytes");
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp.resolve("c")).build())) {
            ModelVersion first = r.registerModel(Registration.builder("h").strategy(VersionStrategy.HASH).artifacts(files)
                    .build());
            assertThat(first.version()).startsWith("0.0.0-sha-");
            assertThat(r.registerModel(Registration.builder("h").strategy(VersionStrategy.HASH).artifacts(files).build())
                    .version()).as("identical live content is the same version").isEqualTo(first.version());
            r.deleteVersion("h:" + first.version());
            assertThatThrownBy(() -> r.registerModel(Registration.builder("h").strategy(VersionStrategy.HASH)
                    .artifacts(files).build())).isInstanceOf(VersionConflictException.class)
                    .hasMessageContaining("version " + first.version() + " of model 'h' was deleted")
                    .hasMessageContaining("never reused");
        }
    }

    @Test
    void aBulkChangeGivenNullsIsAValidationException() {
        assertThatThrownBy(() -> BulkChange.promote("production", (String[]) null))
                .isInstanceOf(ValidationException.class).hasMessageContaining("null gates");
        assertThatThrownBy(() -> BulkChange.promote("production", "accuracy >= 0.9", null))
                .isInstanceOf(ValidationException.class).hasMessageContaining("a gate");
        assertThatThrownBy(() -> BulkChange.promote(null)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> BulkChange.tags(new HashSet<>(Arrays.asList("a", null)), Set.of()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("a tag to add");
        assertThatThrownBy(() -> BulkChange.tags(Set.of("a"), new HashSet<>(Arrays.asList((String) null))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("a tag to remove");
        Map<String, Double> metrics = new HashMap<>();
        metrics.put("accuracy", null);
        assertThatThrownBy(() -> BulkChange.metrics(metrics)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("a metric value");
        metrics.clear();
        metrics.put(null, 1.0);
        assertThatThrownBy(() -> BulkChange.metrics(metrics)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("a metric name");
        assertThat(BulkChange.promote("production").gates()).isEmpty();
    }

    @Test
    void timestampVersionsHaveTheDocumentedForm() {
        assertThat(VersionAllocator.next(VersionStrategy.TIMESTAMP, Bump.PATCH,
                List.of(), Instant.parse("2026-11-22T20:43:12.017Z"), null))
                .isEqualTo("20261122.204312.17");
        assertThat(VersionAllocator.next(VersionStrategy.TIMESTAMP, Bump.PATCH,
                List.of(), Instant.parse("2026-11-22T01:02:03.005Z"), null))
                .isEqualTo("20261122.10203.5");
        assertThat(VersionAllocator.next(VersionStrategy.TIMESTAMP, Bump.PATCH,
                List.of("20261122.10203.5"), Instant.parse("2026-11-22T01:02:03.005Z"), null))
                .as("the same millisecond again").isEqualTo("20261122.10203.6");
    }

    @Test
    void theTransferConcurrencyDefaultIsTheDocumentedOne() {
        assertThat(RegistryOptions.builder("mem:").build().transferConcurrency()).isEqualTo(16);
    }

    @Test
    void aCommitWhoseEveryOutcomeWasUnknownDoesNotBlameOtherWriters() {
        StorageBackend unanswered = new ForwardingStorageBackend(
                new MemoryBackend("mem:unanswered")) {
            @Override
            public boolean putIfAbsent(String key, byte[] data) {
                if (key.contains("/log/")) {
                    throw new OutcomeUnknownException("timeout writing '%s'", key);
                }
                return super.putIfAbsent(key, data);
            }
        };
        try (ModelRegistry r = new DefaultModelRegistry(unanswered, RegistryOptions.builder("mem:unanswered")
                .cacheDirectory(temp.resolve("c")).commitTimeout(Duration.ofMillis(300)).build())) {
            assertThatThrownBy(() -> r.registerModel(Registration.builder("m").version("1.0.0").build()))
                    .isInstanceOf(CommitConflictException.class)
                    .hasMessageContaining("0 lost races").hasMessageContaining("no other writer took entry 1")
                    .hasMessageNotContaining("taken by other writers");
        }
    }
}
