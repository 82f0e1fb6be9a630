package io.jmreg.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.BulkChange;
import io.jmreg.api.search.BulkResult;
import io.jmreg.api.search.SearchRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bulk changes: one log entry per version, refusals listed with reasons, a dry run changes nothing. */
class BulkTest {
    @TempDir
    Path temp;
    ModelRegistry r;

    @BeforeEach
    void populate() {
        r = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp).build());
        for (int i = 0; i < 4; i++) {
            r.registerModel(Registration.builder("m").version("1." + i + ".0").metric("evaluation.accuracy", 0.7 + i * 0.1)
                    .build());
        }
        r.registerModel(Registration.builder("other").version("1.0.0").build());
    }

    @AfterEach
    void close() {
        r.close();
    }

    @Test
    void tagsAndMetricsChangeEverySelectedVersionOneEntryEach() {
        List<RegistryEvent> events = new CopyOnWriteArrayList<>();
        r.addListener(events::add);
        long before = r.getModel("m").sequence();
        BulkResult tagged = r.bulk().apply("name:m", BulkChange.tags(Set.of("reviewed"), Set.of()));
        assertThat(tagged.changed()).containsExactly("m:1.0.0", "m:1.1.0", "m:1.2.0", "m:1.3.0");
        assertThat(r.getModel("m").sequence()).isEqualTo(before + 4);
        assertThat(events).hasSize(4).allSatisfy(e -> assertThat(e.type()).isEqualTo(RegistryEvent.Type.UPDATED));
        assertThat(r.search().versions(SearchRequest.of("tags:reviewed")).total()).isEqualTo(4);
        r.bulk().apply("name:m version:>=1.2.0", BulkChange.metrics(Map.of("online.ctr", 0.1)));
        assertThat(r.resolve("m:1.3.0").metrics()).containsKey("online.ctr");
        assertThat(r.resolve("m:1.0.0").metrics()).doesNotContainKey("online.ctr");
    }

    @Test
    void aPromotionIsGatedPerVersionAndRefusalsAreListed() {
        BulkResult result = r.bulk().apply("name:m", BulkChange.promote("testing", "evaluation.accuracy >= 0.85"));
        assertThat(result.changed()).containsExactly("m:1.2.0", "m:1.3.0");
        assertThat(result.refused()).containsOnlyKeys("m:1.0.0", "m:1.1.0");
        assertThat(result.refused().get("m:1.0.0")).contains("evaluation.accuracy >= 0.85").contains("actual: 0.7");
        BulkResult again = r.bulk().apply("name:m", BulkChange.promote("staging"));
        assertThat(again.changed()).containsExactly("m:1.2.0", "m:1.3.0");
        assertThat(again.refused().get("m:1.0.0")).contains("development"); // no transition development -> staging
        assertThatThrownBy(() -> r.bulk().apply("name:m", BulkChange.promote("production", "evaluation.accuracy !== 1")))
                .isInstanceOf(ValidationException.class);
        assertThat(r.search().versions(SearchRequest.of("stage:production")).total()).isZero();
    }

    @Test
    void deprecationDeletionAndDryRuns() {
        r.setAlias("m", "production", "1.3.0");
        BulkResult dry = r.bulk().dryRun("name:m", BulkChange.delete());
        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.changed()).hasSize(4);
        assertThat(r.listVersions("m")).hasSize(4);
        BulkResult deleted = r.bulk().apply("name:m version:<1.2.0", BulkChange.delete());
        assertThat(deleted.changed()).containsExactly("m:1.0.0", "m:1.1.0");
        BulkResult refused = r.bulk().apply("name:m", BulkChange.delete());
        assertThat(refused.changed()).containsExactly("m:1.2.0");
        assertThat(refused.refused().get("m:1.3.0")).contains("aliases [production] point to it");
        assertThat(r.bulk().apply("name:other", BulkChange.deprecate()).changed()).containsExactly("other:1.0.0");
        assertThat(r.resolve("other:1.0.0").stage()).isEqualTo("deprecated");
        assertThat(r.listVersions("m")).extracting(ModelVersion::version).containsExactly("1.3.0");
        assertThatThrownBy(() -> BulkChange.tags(Set.of(), Set.of())).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> r.bulk().apply("name:(", BulkChange.delete())).isInstanceOf(ValidationException.class);
    }
}
