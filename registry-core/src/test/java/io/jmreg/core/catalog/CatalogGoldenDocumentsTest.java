package io.jmreg.core.catalog;

import io.jmreg.core.format.GoldenDocumentsStore;
import io.jmreg.core.log.Checkpoint;
import io.jmreg.core.log.ModelLog;
import io.jmreg.core.log.ModelState;
import io.jmreg.core.sequence.RetryPolicy;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.ForwardingStorageBackend;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The catalog documents of the golden store (generation record, its shards of model states, the change hints after
 * it) read with every field, as written and with unknown newer fields, so that a later library takes the generation
 * instead of silently rebuilding from the logs; {@code StoredDocumentsGoldenTest} checks that its answers equal a
 * rebuild.
 */
class CatalogGoldenDocumentsTest {
    private static final String SHARD = "catalog/states/00000000000000000001-cd21086d-a69e-4e7a-b30b-68f80cf38040-";

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
            assertThat(g.createdAt()).isEqualTo(Instant.parse("2026-12-07T12:20:40.518378722Z"));
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
                    .containsExactly("alpha@2 2026-12-07T12:20:40.608Z", "team/beta@2 2026-12-07T12:20:40.615Z",
                            "team/beta@3 2026-12-07T12:20:40.628Z", "team/beta@4 2026-12-07T12:20:40.680Z",
                            "team/beta@5 2026-12-07T12:20:40.908Z");
        }
    }

    @ParameterizedTest(name = "unknown newer fields: {0}")
    @ValueSource(booleans = {false, true})
    void anIndexTakesTheGoldenGenerationAndReadsTheLogsOfOnlyTheModelsItsHintsName(boolean futureFields) throws Exception {
        String uri = GoldenDocumentsStore.load(k -> false, futureFields);
        List<String> reads = new CopyOnWriteArrayList<>();
        try (StorageBackend backend = new ReadRecording(StorageBackends.open(uri, Map.of()), reads)) {
            CatalogSettings settings = CatalogSettings.from(Map.of());
            ModelLog log = new ModelLog(backend, Duration.ZERO, Duration.ofSeconds(10));
            List<Checkpoint> fromIndex;
            try (CatalogIndex index = new CatalogIndex(backend, log, new ChangeHints(backend, settings), settings,
                    new RetryPolicy(Duration.ofSeconds(10)))) {
                fromIndex = index.states().stream().map(ModelState::toCheckpoint).toList();
            }
            assertThat(reads).contains(SHARD + "00000.json.gz", SHARD + "00001.json.gz", SHARD + "00002.json.gz",
                    StoreLayout.logKey("alpha", 2), StoreLayout.logKey("team/beta", 5));
            // a model no hint names after the generation comes from its shard alone, never from its log
            assertThat(reads).noneMatch(k -> k.startsWith(StoreLayout.logPrefix("team/gamma")));
            ModelLog fresh = new ModelLog(backend, Duration.ZERO, Duration.ofSeconds(10));
            assertThat(fromIndex).extracting(Checkpoint::name, Checkpoint::seq).containsExactly(tuple("alpha", 2L),
                    tuple("team/beta", 5L), tuple("team/gamma", 1L));
            assertThat(fromIndex).isEqualTo(List.of(fresh.read("alpha").toCheckpoint(),
                    fresh.read("team/beta").toCheckpoint(), fresh.read("team/gamma").toCheckpoint()));
        }
    }

    /** A backend recording every key read. */
    private static final class ReadRecording extends ForwardingStorageBackend {
        private final List<String> reads;

        ReadRecording(StorageBackend delegate, List<String> reads) {
            super(delegate);
            this.reads = reads;
        }

        @Override
        public InputStream get(String key) {
            reads.add(key);
            return super.get(key);
        }

        @Override
        public InputStream get(String key, long offset, long length) {
            reads.add(key);
            return super.get(key, offset, length);
        }

        @Override
        public Optional<byte[]> getBytesIfExists(String key) {
            reads.add(key);
            return super.getBytesIfExists(key);
        }

        @Override
        public Optional<byte[]> getBytesIfExists(String key, int maxBytes) {
            reads.add(key);
            return super.getBytesIfExists(key, maxBytes);
        }
    }
}
