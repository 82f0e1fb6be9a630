package io.jmreg.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.QueryException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.ModelInfo;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.Recommendation;
import io.jmreg.api.search.RecommendationRequest;
import io.jmreg.api.search.Recommendations;
import io.jmreg.api.search.RegistrySearch.SimilarityBasis;
import io.jmreg.api.search.RegistryStatistics.Period;
import io.jmreg.api.search.Similar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recommendations with reasons and exclusion counts, similarity with distances, adapters fitting a base. */
class DiscoveryTest {
    @TempDir
    Path temp;
    ModelRegistry r;

    @BeforeEach
    void populate() {
        r = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp).build());
        r.registerModel(Registration.builder("qa-small").version("1.0.0").type("llm").tags("medical", "qa")
                .metric("evaluation.rag_accuracy", 0.86).metric("evaluation.latency_ms", 40)
                .modelInfo(ModelInfo.builder().totalParameters(7_000_000_000L).dtypes(List.of("F16")).build()).build());
        r.registerModel(Registration.builder("qa-large").version("1.0.0").type("llm").tags("medical", "qa", "large")
                .metric("evaluation.rag_accuracy", 0.93).metric("evaluation.latency_ms", 180)
                .modelInfo(ModelInfo.builder().totalParameters(70_000_000_000L).dtypes(List.of("BF16")).build()).build());
        r.registerModel(Registration.builder("qa-quant").version("1.0.0").type("llm").tags("medical")
                .metric("evaluation.rag_accuracy", 0.89).metric("evaluation.latency_ms", 60)
                .metric("resources.memory_bytes", 4.0e9).build());
        r.registerModel(Registration.builder("qa-nometrics").version("1.0.0").type("llm").tags("medical").build());
        r.registerModel(Registration.builder("vision").version("1.0.0").type("classification").tags("xray")
                .metric("evaluation.rag_accuracy", 0.99).build());
        r.registerModel(Registration.builder("qa-lora").version("0.1.0").kind(Kind.ADAPTER)
                .lineage(Lineage.builder().baseModel("qa-small:1.0.0").build()).build());
        r.registerModel(Registration.builder("qa-lora-any").version("0.1.0").kind(Kind.ADAPTER)
                .lineage(Lineage.builder().compatibleBaseModels(List.of("qa-small:^1.0", "meta-llama/Llama-2-7b-hf")).build())
                .build());
        r.registerModel(Registration.builder("qa-lora-large").version("0.1.0").kind(Kind.ADAPTER)
                .modelInfo(ModelInfo.builder().baseModel("qa-large").build()).build());
    }

    @AfterEach
    void close() {
        r.close();
    }

    @Test
    void recommendationsQualifyRankAndExplain() {
        Recommendations rec = r.search().recommend(RecommendationRequest.forUseCase("type:llm tags:medical")
                .atLeast("rag_accuracy", 0.85).latencyAtMost("evaluation.latency_ms", 100).memoryAtMost(16L << 30));
        assertThat(rec.items()).extracting(x -> x.version().name()).containsExactly("qa-quant", "qa-small");
        Recommendation best = rec.items().get(0);
        assertThat(best.score()).isEqualTo(0.89);
        assertThat(best.reasons()).anySatisfy(x -> assertThat(x).contains("rag_accuracy 0.89 >= 0.85"))
                .anySatisfy(x -> assertThat(x).contains("evaluation.latency_ms 60 <= 100"))
                .anySatisfy(x -> assertThat(x).contains("recorded"));
        assertThat(rec.items().get(1).reasons()).anySatisfy(x -> assertThat(x).contains("estimated from 7000000000 parameters x 2 bytes"));
        assertThat(rec.lackingData()).isEqualTo(1); // qa-nometrics
        assertThat(rec.failedRequirements()).isEqualTo(1); // qa-large: latency and memory
        assertThat(r.search().recommend(RecommendationRequest.forUseCase("").rankedBy("rag_accuracy")).items().get(0)
                .version().name()).isEqualTo("vision");
        assertThatThrownBy(() -> new RecommendationRequest("", null, "evaluation.latency_ms", null, null, null, 0))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> r.search().recommend(RecommendationRequest.forUseCase("type:")))
                .isInstanceOf(QueryException.class);
        assertThatThrownBy(() -> RecommendationRequest.forUseCase("").atLeast("bad metric!", 1))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void similarVersionsComeWithTheirDistance() {
        List<Similar> byMetrics = r.search().similar("qa-small", SimilarityBasis.METRICS, 3);
        assertThat(byMetrics).extracting(s -> s.version().name()).containsExactly("vision", "qa-quant", "qa-large");
        assertThat(byMetrics.get(0).distance()).isBetween(0.0, 0.5);
        assertThat(byMetrics.get(0).basis()).isEqualTo("1 shared metric");
        assertThat(byMetrics.get(1).basis()).isEqualTo("2 shared metrics");
        List<Similar> byTags = r.search().similar("qa-small", SimilarityBasis.TAGS, 2);
        assertThat(byTags.get(0).version().name()).isEqualTo("qa-large");
        assertThat(byTags.get(0).distance()).isCloseTo(1.0 / 3, Offset.offset(1e-9));
        assertThatThrownBy(() -> r.search().similar("qa-small", null, 3)).isInstanceOf(ValidationException.class);
    }

    @Test
    void adaptersFitTheirBaseExactlyByRangeOrByName() {
        assertThat(r.search().compatibleAdapters("qa-small:1.0.0")).extracting(ModelVersion::name)
                .containsExactlyInAnyOrder("qa-lora", "qa-lora-any");
        assertThat(r.search().compatibleAdapters("qa-large")).extracting(ModelVersion::name).containsExactly("qa-lora-large");
        assertThat(r.search().compatibleAdapters("vision")).isEmpty();
    }

    @Test
    void anAdapterFitsItsBasesAndIsDeployedWithThemAndItsBaseMustExist() {
        r.registerModel(Registration.builder("qa-small").version("1.1.0").build());
        assertThat(r.search().compatibleBaseModels("qa-lora-any:0.1.0")).extracting(ModelVersion::reference)
                .containsExactly("qa-small:1.0.0", "qa-small:1.1.0"); // the hub id names nothing here
        assertThat(r.search().compatibleBaseModels("qa-lora")).extracting(ModelVersion::reference)
                .containsExactly("qa-small:1.0.0");
        assertThatThrownBy(() -> r.search().compatibleBaseModels("qa-small")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("not an adapter");

        assertThatThrownBy(() -> r.registerModel(Registration.builder("orphan-lora").version("0.1.0").kind(Kind.ADAPTER)
                .lineage(Lineage.builder().baseModel("qa-missing:1.0.0").build()).build()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("not in this registry");
        assertThat(r.listModels()).doesNotContain("orphan-lora");

        var d = r.lifecycle().deploy("qa-small:1.0.0", "production", "https://qa", 2, List.of("qa-lora", "qa-lora-any:0.1.0"));
        assertThat(d.adapters()).containsExactly("qa-lora:0.1.0", "qa-lora-any:0.1.0");
        assertThatThrownBy(() -> r.lifecycle().deploy("qa-small:1.1.0", "production", "https://qa", 2, List.of("qa-lora")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("made for [qa-small:1.0.0]");
        assertThatThrownBy(() -> r.lifecycle().deploy("qa-small:1.0.0", "production", "https://qa", 2, List.of("vision")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("not an adapter");
        r.lifecycle().deploy("qa-small:1.1.0", "production", "https://qa", 2, List.of("qa-lora-any"));
        r.lifecycle().rollback("qa-small", "production");
        assertThat(r.lifecycle().deploymentHistory("qa-small", "production")).extracting(e -> e.splits().get(0).version()
                + " " + e.adapters() + (e.rollback() ? " (rollback)" : "")).containsExactly(
                "1.0.0 [qa-lora:0.1.0, qa-lora-any:0.1.0]", "1.1.0 [qa-lora-any:0.1.0]",
                "1.0.0 [qa-lora:0.1.0, qa-lora-any:0.1.0] (rollback)");
    }

    @Test
    void statisticsCountStagesTypesTiersStorageAndActivity() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("art"));
        Files.write(dir.resolve("w.bin"), new byte[1000]);
        r.registerModel(Registration.builder("dedup").version("1.0.0").artifacts(dir).build());
        r.registerModel(Registration.builder("dedup").version("1.1.0").artifacts(dir).build());
        r.lifecycle().promote("dedup:1.1.0", "testing");
        r.lifecycle().deploy("qa-small:1.0.0", "production", "e", 1);
        r.lifecycle().deploy("qa-small:1.0.0", "staging", "e", 1);
        r.lifecycle().deploy("dedup:1.1.0", "staging", "e", 1);
        r.pull("dedup:1.0.0"); // read from the store: an audited download
        r.pull("dedup:1.0.0"); // from the local cache: not a download
        var stats = r.search().statistics(Period.DAY, 30);
        assertThat(stats.models()).isEqualTo(9);
        assertThat(stats.versions()).isEqualTo(10);
        assertThat(stats.byStage()).containsEntry("development", 9L).containsEntry("testing", 1L);
        assertThat(stats.byType()).containsEntry("llm", 4L).containsEntry("(none)", 5L);
        assertThat(stats.byTier()).containsEntry("standard", 10L);
        assertThat(stats.logicalBytes()).isEqualTo(2000);
        assertThat(stats.storedBytes()).isEqualTo(1000);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(stats.registrations()).containsEntry(today, 10L);
        assertThat(stats.deployments()).containsEntry(today, 3L);
        assertThat(stats.downloadsRecorded()).isTrue();
        assertThat(stats.downloads()).containsEntry(today, 1L);
        assertThat(stats.mostUsed()).containsExactly("dedup", "qa-small"); // dedup was downloaded
        assertThat(stats.inactiveModels()).doesNotContain("qa-small", "dedup").contains("vision");
        var weekly = r.search().statistics(Period.WEEK, 1);
        assertThat(weekly.registrations().keySet()).singleElement().asString().matches("\\d{4}-W\\d{2}");
        assertThatThrownBy(() -> r.search().statistics(null, 30)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> r.search().statistics(Period.DAY, 0))
                .isInstanceOf(ValidationException.class);
    }
}
