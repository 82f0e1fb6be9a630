package io.jmreg.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditProblem;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.core.blobs.Sha256;
import io.jmreg.core.json.Json;
import io.jmreg.core.log.AuditIntent;
import io.jmreg.core.log.LogEntry;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden store of sealed-after-commit audit entries ({@code src/test/resources/golden/sealing-1}, written once by
 * this library through its public API and never regenerated): model {@code m}'s three log entries carry their audit
 * intents; alice's two (a registration and an alias) are sealed together in one block; bob's registration of
 * {@code 1.0.1} was left behind by a process that stopped before its sealer ran. Opened today, that entry is older
 * than the maximum audit lag: nobody seals it and verify reports it; verified with a lag covering it, it is sealed
 * from its intent, as its process would have.
 */
class SealingGoldenStoreTest {
    private static final Path STORE = Path.of("src/test/resources/golden/sealing-1");

    @TempDir
    Path temp;

    /** The golden store loaded into a fresh named {@code mem:} store; its URI. */
    private static String load() throws Exception {
        String uri = "mem:sealing-golden-" + UUID.randomUUID();
        try (StorageBackend b = StorageBackends.open(uri, Map.of()); Stream<Path> files = Files.walk(STORE)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                b.putBytes(STORE.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        return uri;
    }

    @Test
    void theIntentsReadBackAndTheEntryLeftBehindIsSealedOnlyWithinTheLag() throws Exception {
        String uri = load();
        byte[] leftBehind;
        try (StorageBackend b = StorageBackends.open(uri, Map.of())) {
            LogEntry[] entries = new LogEntry[4];
            for (int seq = 1; seq <= 3; seq++) {
                String key = StoreLayout.logKey("m", seq);
                entries[seq] = Json.read(b.getBytes(key), LogEntry.class, key);
                assertThat(entries[seq].audit().binds("m", entries[seq])).as("entry %d's intent is its own", seq).isTrue();
            }
            assertThat(entries[1].audit()).isEqualTo(new AuditIntent("register", "m:1.0.0", Map.of(),
                    entries[1].audit().binds()));
            assertThat(entries[2].audit().action()).isEqualTo("set_alias");
            assertThat(entries[2].audit().details()).containsExactly(Map.entry("alias", "production"));
            assertThat(entries[3].audit().resource()).isEqualTo("m:1.0.1");
            assertThat(entries[3].by()).isEqualTo("bob");
            assertThat(entries[2].audit().binds("m", entries[3])).as("an intent copied to another entry").isFalse();
            List<AuditChain.Line> block = AuditChain.split(1, b.getBytes(StoreLayout.auditBlockKey(1)));
            assertThat(block).hasSize(2);
            assertThat(b.stat(StoreLayout.auditBlockKey(2))).isEmpty();
            leftBehind = b.getBytes(StoreLayout.logKey("m", 3));
        }
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder(uri).principal("carol")
                .cacheDirectory(temp.resolve("cache")).build())) {
            assertThat(r.listVersions("m")).hasSize(2);
            assertThat(r.aliases("m")).containsEntry("production", "1.0.0");

            AuditReport old = r.audit().verify(AuditVerification.trusting());
            assertThat(old.valid()).isFalse();
            assertThat(old.problem().kind()).isEqualTo(AuditProblem.Kind.UNAUDITED);
            assertThat(old.problem().location()).isEqualTo(StoreLayout.logKey("m", 3));
            assertThat(old.entries()).as("left behind longer ago than the lag: not sealed").isEqualTo(2);

            AuditReport within = r.audit().verify(AuditVerification.trusting().withMaxAuditLag(Duration.ofDays(36_500)));
            assertThat(within.valid()).as("%s", within.problem()).isTrue();
            assertThat(within.entries()).isEqualTo(3);
            assertThat(within.unauditedCount()).isZero();
            List<AuditEntry> bobs = r.audit().query(AuditQuery.all().principal("bob"));
            assertThat(bobs).singleElement().satisfies(e -> {
                assertThat(e.action()).isEqualTo("register");
                assertThat(e.resource()).isEqualTo("m:1.0.1");
                assertThat(e.details()).containsExactly(Map.entry("recovered", "true"));
                assertThat(e.commits()).singleElement().satisfies(c -> {
                    assertThat(c.model()).isEqualTo("m");
                    assertThat(c.seq()).isEqualTo(3);
                    assertThat(c.sha256()).isEqualTo(Sha256.of(leftBehind));
                });
            });
            assertThat(r.audit().verify(AuditVerification.trusting()).valid()).as("sealed once, for good").isTrue();
        }
    }
}
