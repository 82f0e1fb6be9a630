package io.jmreg.core;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.events.Subscription;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.Architecture;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.Dataset;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.ModelInfo;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.QualityGate;
import io.jmreg.api.model.TrainingInfo;
import io.jmreg.core.mem.MemoryBackend;
import io.jmreg.spi.ForwardingStorageBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API records and handles behave as documented: builders, validation, encryption as applied, subscriptions. */
class ApiShapeTest {
    @TempDir
    Path temp;

    @Test
    void buildersBuildWhatTheConstructorsDo() {
        TrainingInfo t = TrainingInfo.builder().datasets(List.of(Dataset.of("d", "1"))).epochs(3).learningRate(1e-3)
                .duration(Duration.ofMinutes(5)).hardware("cpu").build();
        assertThat(t).isEqualTo(new TrainingInfo(List.of(Dataset.of("d", "1")), null, null, 3, null, 1e-3, null,
                Duration.ofMinutes(5), null, null, "cpu"));
        assertThat(t.toBuilder().build()).isEqualTo(t);
        assertThat(Lineage.ofParents("a:1.0.0").parents()).containsExactly("a:1.0.0");
        ModelInfo m = ModelInfo.builder().baseModel("b").totalParameters(7L).build();
        assertThat(m.toBuilder().fineTuningMethod("lora").build().fineTuningMethod()).isEqualTo("lora");
        ModelVersion v = ModelVersion.builder("m", "1.0.0", Instant.EPOCH).metrics(Map.of("a.b", 1.0)).build();
        assertThat(v.toBuilder().build()).isEqualTo(v);
        assertThat(v.toBuilder().stage("production").build().stage()).isEqualTo("production");
    }

    @Test
    void recordValidationThrowsValidationException() {
        assertThatThrownBy(() -> new Architecture("x", -1, null, null, null, null)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> ModelInfo.builder().totalParameters(-5L).build()).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new Dataset(" ", null, null, null)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new QualityGate("g", "", null)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new ArtifactFile("a", -1, "0".repeat(64), null, null, false))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> ModelVersion.builder("m", "1.0.0", null).build()).isInstanceOf(ValidationException.class);
    }

    @Test
    void versionsRecordTheEncryptionTheStoreApplies() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("a"));
        Files.writeString(dir.resolve("w.bin"), "w");
        ForwardingStorageBackend encrypted = new ForwardingStorageBackend(new MemoryBackend("mem:enc")) {
            @Override
            public String encryption() {
                return "aws:kms (key k1)";
            }
        };
        try (ModelRegistry r = new DefaultModelRegistry(encrypted, RegistryOptions.builder("mem:enc")
                .cacheDirectory(temp.resolve("c")).build())) {
            ModelVersion v = r.registerModel(Registration.builder("m").version("1.0.0").artifacts(dir).build());
            assertThat(v.storage().encryption()).isEqualTo("aws:kms (key k1)");
        }
        try (ModelRegistry plain = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp.resolve("d")).build())) {
            assertThat(plain.registerModel(Registration.builder("m").version("1.0.0").build()).storage().encryption())
                    .isEqualTo("none");
        }
    }

    @Test
    void aSubscriptionClosesWithoutACheckedExceptionAndTwiceHarmlessly() {
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp).build())) {
            int[] heard = {0};
            Subscription s = r.addListener(e -> heard[0]++);
            r.registerModel(Registration.builder("m").version("1.0.0").build());
            s.close();
            s.close();
            r.registerModel(Registration.builder("m").version("1.1.0").build());
            assertThat(heard[0]).isEqualTo(1);
        }
    }
}
