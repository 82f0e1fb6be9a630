package io.jmreg.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change hint covers its process's next commits of the same model for a second: a model committed to many times a
 * second gets about one hint a second, and other processes still find every covered commit, before and after
 * compaction.
 */
class ChangeHintCoverTest {
    @TempDir
    Path temp;

    private final String uri = "mem:hint-cover-" + UUID.randomUUID(); // named: shared by the instances below

    @Test
    void commitsUnderAHintsCoverWriteNoHintAndOtherProcessesStillFindThem() {
        try (ModelRegistry writer = open("w", 256);
             ModelRegistry reader = open("r", 256);
             StorageBackend raw = StorageBackends.open(uri, Map.of())) {
            writer.registerModel(Registration.builder("busy").version("1.0.0").build());
            assertThat(versions(reader, "name:busy")).as("the reader knows the model at its first entry").isOne();
            for (int i = 1; i <= 5; i++) { // well within a second: under the first hint's cover
                writer.registerModel(Registration.builder("busy").version("1.0." + i).build());
            }
            assertThat(hints(raw, "busy")).as("hints of six commits in a moment").hasSize(1);
            assertThat(versions(reader, "name:busy"))
                    .as("entries after the hinted one, found by probing the hinted model").isEqualTo(6);
            writer.registerModel(Registration.builder("busy").version("1.1.0").build());
            assertThat(versions(reader, "name:busy")).isEqualTo(7);
        }
    }

    @Test
    void compactionKeepsHintsWhoseCoverMayStillRunAndDeletesSettledOnes() {
        try (ModelRegistry writer = open("w", 256);
             StorageBackend raw = StorageBackends.open(uri, Map.of())) {
            writer.registerModel(Registration.builder("quiet").version("1.0.0").build());
            writer.registerModel(Registration.builder("busy").version("1.0.0").build());
            // a hint of "quiet" written two minutes ago: its cover ended long before any clock skew could matter
            long old = System.currentTimeMillis() - Duration.ofMinutes(2).toMillis();
            raw.putBytes(ChangeHint.key("quiet", 1, old, 7), new byte[0]);
            try (ModelRegistry compacting = open("c", 1)) {
                assertThat(versions(compacting, "")).isEqualTo(2); // catches up and compacts
                assertThat(raw.list(StoreLayout.CATALOG_GENERATIONS).count()).as("a generation written").isPositive();
                assertThat(hints(raw, "quiet")).as("the settled hint is deleted, the young one kept")
                        .singleElement().satisfies(h -> assertThat(h.writtenAtMillis()).isNotEqualTo(old));
                assertThat(hints(raw, "busy")).as("a young hint survives compaction").hasSize(1);
                writer.registerModel(Registration.builder("busy").version("1.0.1").build()); // under its cover
                assertThat(versions(compacting, "name:busy")).as("found after compaction").isEqualTo(2);
            }
        }
    }

    @Test
    void aCommitAfterTheCoverIsAnnouncedAgain() throws Exception {
        try (StorageBackend raw = StorageBackends.open(uri, Map.of())) {
            ChangeHints hints = new ChangeHints(raw, CatalogSettings.from(Map.of()));
            hints.announce("m", 1);
            assertThat(hints.covers("m")).isTrue();
            assertThat(hints.covers("other")).isFalse();
            hints.committedUnderCover("m", 2); // linked within the cover: nothing more to say
            assertThat(hints(raw, "m")).hasSize(1);
            Thread.sleep(ChangeHints.COVER_MILLIS / 2 + 50);
            assertThat(hints.covers("m")).as("the next commit needs its own hint").isFalse();
            Thread.sleep(ChangeHints.COVER_MILLIS / 2);
            hints.committedUnderCover("m", 3); // decided under the cover, linked after it (a long pause)
            assertThat(hints(raw, "m")).extracting(ChangeHint::seq).containsExactlyInAnyOrder(1L, 3L);
            assertThat(hints.recent(0)).as("the audit recovery sees every entry from the lowest hinted one")
                    .extracting(r -> r.model() + ":" + r.seq()).containsExactly("m:1");
        }
    }

    private ModelRegistry open(String name, int compactAfterHints) {
        return ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(temp.resolve(name)).staleness(Duration.ZERO)
                .property(CatalogSettings.COMPACT_AFTER_HINTS, String.valueOf(compactAfterHints)).build());
    }

    private static long versions(ModelRegistry registry, String query) {
        return registry.search().versions(SearchRequest.of(query)).total();
    }

    private static List<ChangeHint> hints(StorageBackend raw, String model) {
        return raw.list(StoreLayout.CATALOG_CHANGES).map(ObjectInfo::key)
                .map(k -> ChangeHint.parse(k.substring(StoreLayout.CATALOG_CHANGES.length())))
                .filter(h -> h != null && h.model().equals(model)).toList();
    }
}
