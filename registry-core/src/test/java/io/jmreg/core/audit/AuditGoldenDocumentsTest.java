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
 * The audit documents of the golden store read with the fields the API does not show (blocks of one and of several
 * entries, each entry's schema and random id, the head hint, the checkpoint's schema), as written and with unknown
 * newer fields; {@code StoredDocumentsGoldenTest} checks every other field through the API and verifies the chain
 * against the committed key.
 */
class AuditGoldenDocumentsTest {
    @ParameterizedTest(name = "unknown newer fields: {0}")
    @ValueSource(booleans = {false, true})
    void theGoldenBlocksAndCheckpointReadWithEveryField(boolean futureFields) throws Exception {
        String uri = GoldenDocumentsStore.load(k -> false, futureFields);
        try (StorageBackend backend = StorageBackends.open(uri, Map.of())) {
            List<AuditRecord> records = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            for (long block = 1; block <= 68; block++) {
                List<AuditChain.Line> lines = AuditChain.split(block, backend.getBytes(StoreLayout.auditBlockKey(block)));
                sizes.add(lines.size());
                lines.forEach(l -> records.add(l.record()));
            }
            assertThat(backend.listChildren(StoreLayout.AUDIT_CHAIN)).hasSize(68);
            // one entry a block, but for two blocks group-committed by callers racing: 4 and 2 entries
            for (int block = 1; block <= 68; block++) {
                int expected = block == 13 ? 4 : block == 14 ? 2 : 1;
                assertThat(sizes.get(block - 1)).as("entries in block %d", block).isEqualTo(expected);
            }
            assertThat(records).hasSize(72);
            assertThat(records).extracting(AuditRecord::schema).containsOnly(1);
            for (int i = 0; i < records.size(); i++) {
                assertThat(records.get(i).seq()).isEqualTo(i + 1);
            }
            assertThat(records.subList(12, 16)).extracting(AuditRecord::at).containsOnly(records.get(12).at());
            assertThat(records).extracting(AuditRecord::id).doesNotHaveDuplicates()
                    .allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
            assertThat(records.get(0).id()).isEqualTo("4a137665-f4f4-4a35-b366-fa07067aa349");
            assertThat(records.get(71).id()).isEqualTo("abef017e-a80f-44a8-870c-fa416bea611f");
            assertThat(records.get(5).outcome()).isEqualTo("denied");

            byte[] hint = backend.getBytes(StoreLayout.AUDIT_HEAD_HINT);
            assertThat(Json.read(hint, AuditChain.HeadHint.class, StoreLayout.AUDIT_HEAD_HINT).block()).isEqualTo(64);

            String key = StoreLayout.auditCheckpointKey(68);
            AuditCheckpoints.CheckpointDoc doc = Json.read(backend.getBytes(key), AuditCheckpoints.CheckpointDoc.class, key);
            assertThat(doc.schema()).isEqualTo(1);
            assertThat(doc.seq()).isEqualTo(68);
            assertThat(doc.at()).isEqualTo(Instant.parse("2026-12-07T12:20:40.670Z"));
            assertThat(doc.keyId()).isEqualTo("b8a0c3f23894a62f");
            assertThat(doc.entryHash()).matches("[0-9a-f]{64}"); // the hash of the stored line: StoredDocumentsGoldenTest
            assertThat(doc.signature()).isNotBlank();
        }
    }
}
