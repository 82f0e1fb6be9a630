package io.jmreg.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditOptions;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.signing.SigningKeys;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trail written in bulk is one the registry's own verify accepts: chained onto what the registry wrote, in full
 * blocks, with the signed checkpoints the registry would have written; and the registry appends after it.
 */
class BulkAuditWriterTest {
    @TempDir
    Path temp;

    @Test
    void aBulkTrailVerifiesWithItsCheckpointsAndTheRegistryChainsOn() {
        KeyPair key = SigningKeys.generate();
        AuditOptions audit = AuditOptions.defaults().signedWith(key).checkpointing(500, Duration.ofHours(1));
        String uri = "mem:bulk-audit-" + System.nanoTime(); // a named store: each open sees the same
        RegistryOptions options = RegistryOptions.builder(uri).principal("alice").cacheDirectory(temp.resolve("cache"))
                .audit(audit).build();
        try (ModelRegistry registry = ModelRegistry.open(options)) {
            registry.registerModel(Registration.builder("m").version("1.0.0").build()); // audited as usual
        }
        long before;
        try (StorageBackend backend = StorageBackends.open(uri, Map.of())) {
            before = backend.listChildren(StoreLayout.AUDIT_CHAIN).size();
            List<BulkAuditWriter.Entry> entries = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                entries.add(new BulkAuditWriter.Entry("user-" + i % 7, "get_model", "m", AuditEntry.Outcome.DENIED,
                        Map.of("n", Integer.toString(i))));
            }
            BulkAuditWriter writer = new BulkAuditWriter(backend, audit);
            long last = writer.append(entries.subList(0, 700));
            assertThat(writer.append(entries.subList(700, 1200))).isEqualTo(last + 500);
            assertThat(backend.listChildren(StoreLayout.AUDIT_CHAIN)).as("700 entries in blocks of 512 and 188, then 500 in one")
                    .hasSize((int) before + 3);
            assertThat(backend.listChildren(StoreLayout.AUDIT_CHECKPOINTS)).hasSize(2);
        }
        try (ModelRegistry registry = ModelRegistry.open(options)) {
            registry.updateMetrics("m:1.0.0", Map.of("accuracy", 0.9)); // its entry is sealed by close() at the latest
        }
        try (ModelRegistry registry = ModelRegistry.open(options)) {
            AuditReport report = registry.audit().verify(AuditVerification.trusting(key.getPublic()));
            assertThat(report.valid()).as("%s", report).isTrue();
            assertThat(report.entries()).isGreaterThanOrEqualTo(1202);
            assertThat(report.trustedCheckpoints()).isEqualTo(2);
            assertThat(report.logEntries()).isEqualTo(2);
            assertThat(registry.audit().query(AuditQuery.all().action("get_model"))).hasSize(1200)
                    .allMatch(e -> e.outcome() == AuditEntry.Outcome.DENIED);
        }
    }
}
