package io.jmreg.core.audit;

import io.jmreg.core.format.GoldenDocumentsStore;
import io.jmreg.core.json.Json;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit documents of the golden store read with the fields the API does not show (each entry's schema and random
 * id, the checkpoint's schema), as written and with unknown newer fields; {@code StoredDocumentsGoldenTest} checks every
 * other field through the API and verifies the chain against the committed key.
 */
class AuditGoldenDocumentsTest {
    @ParameterizedTest(name = "unknown newer fields: {0}")
    @ValueSource(booleans = {false, true})
    void theGoldenBlocksAndCheckpointReadWithEveryField(boolean futureFields) throws Exception {
        String uri = GoldenDocumentsStore.load(k -> false, futureFields);
        try (StorageBackend backend = StorageBackends.open(uri, Map.of())) {
            List<AuditRecord> records = new ArrayList<>();
            for (long block = 1; block <= 14; block++) {
                List<AuditChain.Line> lines = AuditChain.split(block, backend.getBytes(StoreLayout.auditBlockKey(block)));
                assertThat(lines).hasSize(1);
                records.add(lines.get(0).record());
            }
            assertThat(backend.listChildren(StoreLayout.AUDIT_CHAIN)).hasSize(14);
            assertThat(records).extracting(AuditRecord::schema).containsOnly(1);
            assertThat(records).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L,
                    12L, 13L, 14L);
            assertThat(records).extracting(AuditRecord::id).doesNotHaveDuplicates()
                    .allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
            assertThat(records.get(0).id()).isEqualTo("474a4c4a-cc7f-4f54-8c72-65fea1bec4a1");
            assertThat(records.get(13).id()).isEqualTo("e61ad9f0-73d8-42bd-91ab-1f1d1c4d9d5f");
            assertThat(records.get(5).outcome()).isEqualTo("denied");

            String key = StoreLayout.auditCheckpointKey(10);
            AuditCheckpoints.CheckpointDoc doc = Json.read(backend.getBytes(key), AuditCheckpoints.CheckpointDoc.class, key);
            assertThat(doc.schema()).isEqualTo(1);
            assertThat(doc.seq()).isEqualTo(10);
            assertThat(doc.at()).isEqualTo(Instant.parse("2026-12-07T12:10:42.455Z"));
            assertThat(doc.keyId()).isEqualTo("b79d3423baeff57a");
            assertThat(doc.entryHash()).matches("[0-9a-f]{64}");
            assertThat(doc.signature()).isNotBlank();
        }
    }
}
