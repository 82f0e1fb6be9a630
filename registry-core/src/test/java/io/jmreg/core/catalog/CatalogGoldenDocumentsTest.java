package io.jmreg.core.catalog;

import io.jmreg.core.format.GoldenDocumentsStore;
import io.jmreg.core.log.ModelLog;
import io.jmreg.core.log.ModelState;
import io.jmreg.core.sequence.RetryPolicy;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog documents of the golden store (generation record, its shards of model states, the change hints after
 * it) read with every field, as written and with unknown newer fields, so that a later library takes the generation
 * instead of silently rebuilding from the logs; {@code StoredDocumentsGoldenTest} checks that its answers equal a
 * rebuild.
 */
class CatalogGoldenDocumentsTest {
    private static final String SHARD = "catalog/states/00000000000000000001-737a2c39-0367-4363-ac9f-223ca8b75582-";

    @ParameterizedTest(name = "unknown newer fields: {0}")
    @ValueSource(booleans = {false, true})
    void theGoldenGenerationItsShardsAndTheHintsAfterItReadWithEveryField(boolean futureFields) throws Exception {
        String uri = GoldenDocumentsStore.load(k -> false, futureFields);
        try (StorageBackend backend = StorageBackends.open(uri, Map.of())) {
            CatalogGenerations generations = new CatalogGenerations(backend, 1, new RetryPolicy(Duration.ofSeconds(10)));
            assertThat(generations.numbers()).containsExactly(1L);
            CatalogGeneration g = generations.read(1);
            assertThat(g).isNotNull();
            assertThat(g.schema()).isEqualTo(1);
            assertThat(g.generation()).isEqualTo(1);
            assertThat(g.createdAt()).isEqualTo(Instant.parse("2026-12-07T12:10:42.379191352Z"));
            assertThat(g.shards()).containsExactly(new CatalogGeneration.Shard(SHARD + "00000.json.gz", "alpha", "alpha"),
                    new CatalogGeneration.Shard(SHARD + "00001.json.gz", "team/beta", "team/beta"),
                    new CatalogGeneration.Shard(SHARD + "00002.json.gz", "team/gamma", "team/gamma"));
            assertThat(g.positions()).isEqualTo(Map.of("alpha", 1L, "team/beta", 1L, "team/gamma", 1L));

            ModelLog log = new ModelLog(backend, Duration.ZERO, Duration.ofSeconds(10));
            for (CatalogGeneration.Shard shard : g.shards()) {
                List<ModelState> states = generations.states(g, shard);
                assertThat(states).as(shard.key()).hasSize(1);
                ModelState s = states.get(0);
                assertThat(s.name()).isEqualTo(shard.first());
                assertThat(s.seq()).isEqualTo(1);
                assertThat(s.toCheckpoint()).isEqualTo(log.readAt(s.name(), 1).toCheckpoint());
            }

            List<ChangeHint> hints = new ChangeHints(backend, CatalogSettings.from(Map.of())).list();
            assertThat(hints).extracting(h -> h.model() + "@" + h.seq() + " " + Instant.ofEpochMilli(h.writtenAtMillis()))
                    .containsExactly("alpha@2 2026-12-07T12:10:42.439Z", "team/beta@2 2026-12-07T12:10:42.445Z",
                            "team/beta@3 2026-12-07T12:10:42.453Z", "team/beta@4 2026-12-07T12:10:42.479Z",
                            "team/beta@5 2026-12-07T12:10:42.730Z");
        }
    }
}
