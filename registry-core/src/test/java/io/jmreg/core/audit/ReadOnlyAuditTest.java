package io.jmreg.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.audit.AuditOptions;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.exceptions.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the audit trail cannot be written (a serving host with read-only access to the store): a download is refused,
 * saying how to allow it, unless downloads are audited best-effort; a change stands and shows as unaudited.
 */
class ReadOnlyAuditTest {
    @TempDir
    Path temp;

    @Test
    void downloadsAreRefusedUnlessBestEffortAndChangesStandUnaudited() throws Exception {
        String name = "ro-" + UUID.randomUUID();
        Path files = Files.createDirectories(temp.resolve("files"));
        Files.writeString(files.resolve("w.bin"), "weights");
        try (ModelRegistry writer = ModelRegistry.open(RegistryOptions.builder("mem:" + name)
                .cacheDirectory(temp.resolve("w")).build())) {
            writer.registerModel(Registration.builder("m").version("1.0.0").artifacts(files).build());
        }
        try (ModelRegistry strict = ModelRegistry.open(RegistryOptions.builder("noaudit:" + name)
                .cacheDirectory(temp.resolve("strict")).build())) {
            assertThatThrownBy(() -> strict.pull("m:1.0.0")).isInstanceOf(StorageException.class)
                    .hasMessageContaining("downloadsBestEffort(true)");
            strict.setAlias("m", "production", "1.0.0"); // the change stands; its audit entry is lost (logged)
            assertThat(strict.resolve("m@production").version()).isEqualTo("1.0.0");
        }
        try (ModelRegistry lenient = ModelRegistry.open(RegistryOptions.builder("noaudit:" + name)
                .cacheDirectory(temp.resolve("lenient")).audit(AuditOptions.defaults().downloadsBestEffort(true)).build())) {
            assertThat(Files.readString(lenient.pull("m:1.0.0").resolve("w.bin"))).isEqualTo("weights");
        }
        try (ModelRegistry auditor = ModelRegistry.open(RegistryOptions.builder("mem:" + name)
                .cacheDirectory(temp.resolve("a")).build())) {
            assertThat(auditor.audit().query(AuditQuery.all())).extracting(e -> e.action()).containsExactly("register");
            var report = auditor.audit().verify(AuditVerification.trusting().toleratingUnaudited());
            assertThat(report.valid()).isTrue();
            assertThat(report.unaudited()).containsExactly("models/m/log/00000000000000000002.json");
        }
    }
}
