package io.jmreg.core.strict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.audit.AuditProblem;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.core.mem.MemoryBackendProvider;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything read back from the store is bounded: a huge or endless stored document is a typed error naming it (never
 * an OutOfMemoryError), a duplicate key in a stored document is refused naming it, and a checkpoint file named beyond
 * the log's end (up to the largest sequence number) is ignored with a warning: readers stay current, writes land at
 * the next log position, and the audit verification names the stray file instead of throwing.
 */
class StoreBoundsTest {
    @TempDir
    Path temp;

    private ModelRegistry open(String uri) {
        return ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(temp.resolve(UUID.randomUUID().toString()))
                .build());
    }

    @Test
    void aCheckpointNamedWithTheLargestSequenceNumberIsIgnoredAndWritesLandInPlace() {
        String uri = "mem:bounds-" + UUID.randomUUID();
        StorageBackend store = new MemoryBackendProvider().open(uri, Map.of());
        try (ModelRegistry r = open(uri)) {
            for (int i = 1; i <= 32; i++) {
                r.registerModel(Registration.builder("m").version("1.0." + i).build());
            }
        }
        String real = new String(store.getBytes(StoreLayout.checkpointKey("m", 32)), StandardCharsets.UTF_8);
        assertThat(real).contains("\"seq\":32");
        store.putBytes(StoreLayout.checkpointPrefix("m") + Long.MAX_VALUE + ".json",
                real.replace("\"seq\":32", "\"seq\":" + Long.MAX_VALUE).getBytes(StandardCharsets.UTF_8));
        store.putBytes(StoreLayout.checkpointPrefix("m") + "0" + Long.MAX_VALUE + ".json",
                real.replace("\"seq\":32", "\"seq\":" + Long.MAX_VALUE).getBytes(StandardCharsets.UTF_8));
        store.putBytes(StoreLayout.checkpointKey("m", 40),
                real.replace("\"seq\":32", "\"seq\":40").getBytes(StandardCharsets.UTF_8));

        try (ModelRegistry r = open(uri)) {
            r.registerModel(Registration.builder("m").version("1.0.33").build());
        }
        try (ModelRegistry r = open(uri)) {
            assertThat(r.listVersions("m")).hasSize(33);
            assertThat(r.listVersions("m").stream().map(v -> v.version())).contains("1.0.33");
            r.registerModel(Registration.builder("m").version("1.0.34").build());
            assertThat(store.stat(StoreLayout.logKey("m", 33))).isPresent();
            assertThat(store.stat(StoreLayout.logKey("m", 34))).isPresent();
            assertThat(store.list(StoreLayout.logPrefix("m")).filter(o -> o.key().contains("-"))).isEmpty();
            AuditReport report = r.audit().verify(AuditVerification.trusting());
            assertThat(report.problem()).isNotNull();
            assertThat(report.problem().kind()).isEqualTo(AuditProblem.Kind.LOG_SNAPSHOT_CHANGED);
            assertThat(report.problem().location()).isEqualTo(StoreLayout.checkpointKey("m", 40));
        }
    }

    @Test
    void sequenceNumbersOutsideTheSaneRangeAreNotSequenceNumbers() {
        assertThat(StoreLayout.sequenceOf("00000000000000000032.json")).isEqualTo(32);
        assertThat(StoreLayout.sequenceOf("09223372036854775807.json")).isEqualTo(-1);
        assertThat(StoreLayout.sequenceOf("-0000000000000000001.json")).isEqualTo(-1);
        assertThat(StoreLayout.sequenceOf("+0000000000000000001.json")).isEqualTo(-1);
        assertThat(StoreLayout.sequenceOf("01000000000000000000.json")).isEqualTo(-1);
        assertThat(StoreLayout.auditBlockOf("09223372036854775807.jsonl")).isEqualTo(-1);
    }

    @Test
    void anOversizedStoredLogEntryIsAStorageErrorNamingIt() {
        String uri = "mem:bounds-" + UUID.randomUUID();
        StorageBackend store = new MemoryBackendProvider().open(uri, Map.of());
        try (ModelRegistry r = open(uri)) {
            r.registerModel(Registration.builder("m").version("1.0.0").build());
        }
        String key = StoreLayout.logKey("m", 2);
        store.put(key, new InputStream() { // as long as the cap and one byte more, without holding it all here
            long left = (64L << 20) + 1;

            @Override
            public int read() {
                return left-- > 0 ? ' ' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) ' ');
                left -= n;
                return n;
            }
        }, (64L << 20) + 1);
        try (ModelRegistry r = open(uri)) {
            assertThatThrownBy(() -> r.listVersions("m")).isInstanceOf(StorageException.class)
                    .hasMessageContaining(key).hasMessageContaining("more than");
        }
        store.delete(key);
    }

    @Test
    void aDuplicateKeyInAStoredLogEntryIsAStorageErrorNamingItAndItsPath() {
        String uri = "mem:bounds-" + UUID.randomUUID();
        StorageBackend store = new MemoryBackendProvider().open(uri, Map.of());
        try (ModelRegistry r = open(uri)) {
            r.registerModel(Registration.builder("m").version("1.0.0").build());
        }
        String key = StoreLayout.logKey("m", 1);
        String entry = new String(store.getBytes(key), StandardCharsets.UTF_8);
        store.putBytes(key, entry.replaceFirst("\\{", "{\"seq\":7,").getBytes(StandardCharsets.UTF_8));
        try (ModelRegistry r = open(uri)) {
            assertThatThrownBy(() -> r.listVersions("m")).isInstanceOf(StorageException.class)
                    .hasMessageContaining(key).hasMessageContaining("$.seq").hasMessageContaining("Duplicate");
        }
        store.putBytes(key, (entry + " {}").getBytes(StandardCharsets.UTF_8));
        try (ModelRegistry r = open(uri)) {
            assertThatThrownBy(() -> r.listVersions("m")).isInstanceOf(StorageException.class)
                    .hasMessageContaining(key).hasMessageContaining("Trailing token");
        }
    }

    @Test
    void aStrayAuditBlockWithAHintPointingAtItNeitherHidesTheChainNorBreaksVerify() {
        String uri = "mem:bounds-" + UUID.randomUUID();
        StorageBackend store = new MemoryBackendProvider().open(uri, Map.of());
        try (ModelRegistry r = open(uri)) {
            r.registerModel(Registration.builder("m").version("1.0.0").build());
        }
        long blocks = store.list(StoreLayout.AUDIT_CHAIN).count();
        assertThat(blocks).isPositive();
        long stray = 1_000_000;
        store.putBytes(StoreLayout.auditBlockKey(stray), store.getBytes(StoreLayout.auditBlockKey(1)));
        store.putBytes(StoreLayout.AUDIT_HEAD_HINT, ("{\"block\":" + stray + "}").getBytes(StandardCharsets.UTF_8));
        try (ModelRegistry r = open(uri)) {
            r.registerModel(Registration.builder("m").version("1.0.1").build());
            r.audit().query(AuditQuery.all().limit(1)); // seals the registration's queued audit entry
            assertThat(store.stat(StoreLayout.auditBlockKey(blocks + 1))).as("appended after the real end").isPresent();
            assertThat(store.stat(StoreLayout.auditBlockKey(stray + 1))).isEmpty();
            AuditReport report = r.audit().verify(AuditVerification.trusting());
            assertThat(report.problem()).isNotNull();
            assertThat(report.problem().message()).contains(StoreLayout.auditBlockKey(stray));
        }
        store.putBytes(StoreLayout.AUDIT_HEAD_HINT, ("{\"block\":" + Long.MAX_VALUE + "}").getBytes(StandardCharsets.UTF_8));
        try (ModelRegistry r = open(uri)) {
            r.registerModel(Registration.builder("m").version("1.0.2").build());
            r.audit().query(AuditQuery.all().limit(1)); // seals the registration's queued audit entry
            assertThat(store.stat(StoreLayout.auditBlockKey(blocks + 2))).isPresent();
        }
    }

    @Test
    void anAuditedCommitAtANegativeLogPositionIsNamedByVerifyNotAnIndexOutOfBounds() {
        String uri = "mem:bounds-" + UUID.randomUUID();
        StorageBackend store = new MemoryBackendProvider().open(uri, Map.of());
        try (ModelRegistry r = open(uri)) {
            r.registerModel(Registration.builder("m").version("1.0.0").build());
        }
        long last = store.list(StoreLayout.AUDIT_CHAIN).count();
        String key = StoreLayout.auditBlockKey(last);
        String block = new String(store.getBytes(key), StandardCharsets.UTF_8);
        assertThat(block).contains("\"model\":\"m\",\"seq\":1,");
        store.putBytes(key, block.replace("\"model\":\"m\",\"seq\":1,", "\"model\":\"m\",\"seq\":" + Long.MIN_VALUE + ",")
                .getBytes(StandardCharsets.UTF_8)); // as a write at a wrapped log position would have been audited
        try (ModelRegistry r = open(uri)) {
            AuditReport report = r.audit().verify(AuditVerification.trusting());
            assertThat(report.problem()).isNotNull();
            assertThat(report.problem().kind()).isEqualTo(AuditProblem.Kind.LOG_ENTRY_CHANGED);
            assertThat(report.problem().location()).isEqualTo(StoreLayout.logPrefix("m"));
            assertThat(report.problem().message()).contains("log position " + Long.MIN_VALUE);
        }
    }
}
