package io.jmreg.core.query;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.exceptions.QueryException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.ModelInfo;
import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.Tier;
import io.jmreg.api.search.SearchPage;
import io.jmreg.api.search.SearchRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The query language over a registry holding matching data, through the public search API. */
class SearchTest {
    @TempDir
    Path temp;
    ModelRegistry r;

    @BeforeEach
    void populate() {
        r = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp).build());
        r.registerModel(Registration.builder("medical").version("1.5.0").description("clinical notes").tags("nlp")
                .owner("team-a").type("llm").tier(Tier.STANDARD).metric("evaluation.rag_accuracy", 0.80)
                .modelInfo(ModelInfo.builder().baseModel("llama-2-7b").fineTuningMethod("lora").totalParameters(7_000_000_000L)
                        .build()).build());
        r.registerModel(Registration.builder("medical").version("2.0.0").tags("nlp", "production", "env:prod")
                .owner("team-a").type("llm").tier(Tier.PROFESSIONAL).metric("evaluation.rag_accuracy", 0.91)
                .modelInfo(ModelInfo.builder().baseModel("llama-2-13b").fineTuningMethod("lora").build())
                .custom("budget", 12).custom("team", "NLP").build());
        r.registerModel(Registration.builder("medical").version("2.1.0-rc.1").tags("production").owner("team-b")
                .metric("evaluation.rag_accuracy", 0.95).modelInfo(ModelInfo.builder().baseModel("mistral-7b")
                        .fineTuningMethod("qlora").build()).build());
        r.registerModel(Registration.builder("medical-imaging").version("3.0.0").tags("vision").type("classification")
                .tier(Tier.LITE).metric("evaluation.accuracy", 0.7).build());
        r.registerModel(Registration.builder("org/legal-summarizer").version("0.1.0").kind(Kind.ADAPTER)
                .description("Summarises LEGAL contracts").build());
        r.setAlias("medical", "champion", "2.0.0");
        r.lifecycle().deploy("medical:1.5.0", "production", "https://x", 1);
    }

    @AfterEach
    void close() {
        r.close();
    }

    private List<String> find(String query) {
        return r.search().versions(SearchRequest.of(query)).items().stream().map(ModelVersion::reference).toList();
    }

    @Test
    void theFourExamplesWorkAsWritten() {
        assertThat(find("name:medical AND version:>=2.0.0")).containsExactly("medical:2.0.0", "medical:2.1.0-rc.1");
        assertThat(find("metrics.rag_accuracy:>0.85")).containsExactly("medical:2.0.0", "medical:2.1.0-rc.1");
        assertThat(find("tags:production AND method:lora")).containsExactly("medical:2.0.0");
        assertThat(find("created_at:last_7_days AND base_model:llama-2*")).containsExactly("medical:1.5.0", "medical:2.0.0");
    }

    @Test
    void booleanOperatorsParenthesesAndJuxtaposition() {
        assertThat(find("name:medical (version:1.5.0 OR version:3.0.0)")).containsExactly("medical:1.5.0");
        assertThat(find("name:medical* -name:medical")).containsExactly("medical-imaging:3.0.0");
        assertThat(find("NOT name:medical* AND NOT kind:model")).containsExactly("org/legal-summarizer:0.1.0");
        assertThat(find("owner:(team-b OR \"TEAM-A\")")).hasSize(3);
        assertThat(find("")).hasSize(5);
    }

    @Test
    void textFieldsMatchWholeValuesCaseInsensitivelyWithWildcards() {
        assertThat(find("name:MEDICAL")).hasSize(3);
        assertThat(find("name:org/*")).containsExactly("org/legal-summarizer:0.1.0");
        assertThat(find("name:*summar?zer")).hasSize(1);
        assertThat(find("name:\"medical*\"")).isEmpty();
        assertThat(find("base_model:llama-2-?b")).containsExactly("medical:1.5.0");
        assertThat(find("owner:!=team-a")).containsExactly("medical:2.1.0-rc.1");
    }

    @Test
    void freeTextSearchesNameDescriptionTagsAndType() {
        assertThat(find("legal")).containsExactly("org/legal-summarizer:0.1.0");
        assertThat(find("\"clinical notes\"")).containsExactly("medical:1.5.0");
        assertThat(find("vision")).containsExactly("medical-imaging:3.0.0");
        assertThat(find("classification")).containsExactly("medical-imaging:3.0.0");
    }

    @Test
    void numbersVersionsTiersAndMissingValues() {
        assertThat(find("metrics.evaluation.rag_accuracy:0.80..0.91")).containsExactly("medical:1.5.0", "medical:2.0.0");
        assertThat(find("metrics.accuracy:>0.5")).containsExactly("medical-imaging:3.0.0");
        assertThat(find("metrics.rag_accuracy:!=0.8")).hasSize(2); // versions without the metric are not matched
        assertThat(find("parameters:>1000000000")).containsExactly("medical:1.5.0");
        assertThat(find("version:^2.0")).containsExactly("medical:2.0.0"); // npm rule: no pre-releases
        assertThat(find("version:>=2.1.0-rc.1")).containsExactly("medical:2.1.0-rc.1", "medical-imaging:3.0.0");
        assertThat(find("version:2.0.0..3.0.0")).containsExactly("medical:2.0.0", "medical:2.1.0-rc.1", "medical-imaging:3.0.0");
        assertThat(find("tier:>=standard")).hasSize(4);
        assertThat(find("tier:lite")).containsExactly("medical-imaging:3.0.0");
        assertThat(find("custom.budget:<=12 custom.team:nlp")).containsExactly("medical:2.0.0");
        assertThat(find("created_at:>=2000-01-01 updated_at:<now-1h")).isEmpty();
    }

    @Test
    void stagesAliasesDeploymentsTagsAndKinds() {
        assertThat(find("stage:development")).hasSize(5);
        assertThat(find("alias:champion")).containsExactly("medical:2.0.0");
        assertThat(find("alias:production")).containsExactly("medical:1.5.0"); // deploying moved it
        assertThat(find("deployed:PRODUCTION")).containsExactly("medical:1.5.0");
        assertThat(find("tags.env:prod")).containsExactly("medical:2.0.0");
        assertThat(find("tags:prod*")).containsExactly("medical:2.0.0", "medical:2.1.0-rc.1");
        assertThat(find("kind:adapter")).containsExactly("org/legal-summarizer:0.1.0");
    }

    @Test
    void sortingPutsMissingValuesLastAndBreaksTiesByNameAndVersion() {
        List<String> desc = r.search().versions(SearchRequest.of("").sortedBy("metrics.rag_accuracy:desc")).items().stream()
                .map(ModelVersion::reference).toList();
        assertThat(desc).containsExactly("medical:2.1.0-rc.1", "medical:2.0.0", "medical:1.5.0", "medical-imaging:3.0.0",
                "org/legal-summarizer:0.1.0");
        List<String> asc = r.search().versions(SearchRequest.of("").sortedBy("metrics.rag_accuracy")).items().stream()
                .map(ModelVersion::reference).toList();
        assertThat(asc).containsExactly("medical:1.5.0", "medical:2.0.0", "medical:2.1.0-rc.1", "medical-imaging:3.0.0",
                "org/legal-summarizer:0.1.0");
        assertThat(r.search().versions(SearchRequest.of("").sortedBy("owner:desc,version")).items().get(0).reference())
                .isEqualTo("medical:2.1.0-rc.1");
        assertThatThrownBy(() -> r.search().versions(SearchRequest.of("").sortedBy("ownr"))).isInstanceOf(QueryException.class)
                .hasMessageContaining("did you mean 'owner'?");
        assertThatThrownBy(() -> r.search().versions(SearchRequest.of("").sortedBy("owner:sideways")))
                .isInstanceOf(QueryException.class).hasMessageContaining("asc");
    }

    @Test
    void pagesNeverRepeatOrSkipWhileOthersWrite() {
        SearchRequest request = SearchRequest.of("name:medical*").limit(2);
        SearchPage<ModelVersion> page = r.search().versions(request);
        assertThat(page.total()).isEqualTo(4);
        List<String> seen = new ArrayList<>(page.items().stream().map(ModelVersion::reference).toList());
        int round = 0;
        while (page.hasNext()) {
            // others register, delete and tag meanwhile: the pages stay those of the first page's moment
            r.registerModel(Registration.builder("medical").version("9.0." + round++).build());
            r.updateTags("medical:2.0.0", Set.of("late"), Set.of());
            page = r.search().versions(request.next(page));
            page.items().forEach(v -> seen.add(v.reference()));
            assertThat(page.total()).isEqualTo(4);
        }
        assertThat(seen).containsExactly("medical:1.5.0", "medical:2.0.0", "medical:2.1.0-rc.1", "medical-imaging:3.0.0");
        assertThat(new HashSet<>(seen)).hasSize(4);
        assertThat(r.search().versions(request).total()).isEqualTo(4 + round);
    }

    @Test
    void modelsMatchWhenAnyVersionDoes() {
        SearchPage<ModelSummary> models = r.search().models(SearchRequest.of("metrics.rag_accuracy:>0.9"));
        assertThat(models.items()).extracting(ModelSummary::name).containsExactly("medical");
        assertThat(r.search().models(SearchRequest.of("")).total()).isEqualTo(3);
    }

    @Test
    void modelsInNameOrderPageByACursorThatNeverRepeatsOrSkipsAModelWhileOthersWrite() {
        for (int i = 0; i < 7; i++) {
            r.registerModel(Registration.builder("m" + i).version("1.0.0").build());
        }
        SearchRequest request = SearchRequest.of("").limit(3);
        SearchPage<ModelSummary> page = r.search().models(request);
        assertThat(page.total()).isEqualTo(10);
        List<String> seen = new ArrayList<>(page.items().stream().map(ModelSummary::name).toList());
        while (page.hasNext()) {
            // others write meanwhile: a model before the cursor, a model after it, a new version of a model listed
            r.registerModel(Registration.builder("a-late" + seen.size()).version("1.0.0").build());
            r.registerModel(Registration.builder("m1").version("1.0." + seen.size()).build());
            page = r.search().models(request.next(page));
            page.items().forEach(m -> seen.add(m.name()));
            assertThat(page.total()).as("the total as of the first page").isEqualTo(10);
        }
        r.registerModel(Registration.builder("zz-after-the-end").version("1.0.0").build());
        assertThat(seen).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "medical", "medical-imaging",
                "org/legal-summarizer");
        assertThat(r.search().models(SearchRequest.of("name:m*").limit(3)).total()).isEqualTo(9);
        SearchPage<ModelSummary> filtered = r.search().models(SearchRequest.of("name:m* AND -name:m1").limit(5));
        assertThat(filtered.items()).extracting(ModelSummary::name).containsExactly("m0", "m2", "m3", "m4", "m5");
        assertThat(r.search().models(SearchRequest.of("name:m* AND -name:m1").limit(5).next(filtered)).items())
                .extracting(ModelSummary::name).containsExactly("m6", "medical", "medical-imaging");
        assertThatThrownBy(() -> r.search().models(SearchRequest.of("name:m*").limit(5).next(filtered)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("page token not valid here");
    }

    @Test
    void aModelListTokenNamesOnlyWhereThePageEndedNotEveryModel() {
        for (int i = 0; i < 150; i++) {
            r.registerModel(Registration.builder("bulk-" + i).version("1.0.0").build());
        }
        String byName = r.search().models(SearchRequest.of("").limit(2)).nextPageToken();
        String sorted = r.search().models(SearchRequest.of("").sortedBy("updated_at:desc").limit(2)).nextPageToken();
        assertThat(byName).hasSizeLessThan(200);
        assertThat(sorted.length()).as("a sort pins every model's position").isGreaterThan(4 * byName.length());
    }

    @Test
    void modelsFollowTheSortOfTheirFirstMatchingVersion() {
        assertThat(r.search().models(SearchRequest.of("").sortedBy("tier:desc")).items())
                .extracting(ModelSummary::name).containsExactly("medical", "org/legal-summarizer", "medical-imaging"); // standard by default
        assertThat(r.search().models(SearchRequest.of("metrics.accuracy:>0 OR metrics.rag_accuracy:>0")
                .sortedBy("metrics.rag_accuracy:desc")).items())
                .extracting(ModelSummary::name).containsExactly("medical", "medical-imaging"); // missing values last
        SearchPage<ModelSummary> first = r.search().models(SearchRequest.of("").sortedBy("name:desc").limit(2));
        assertThat(first.items()).extracting(ModelSummary::name).containsExactly("org/legal-summarizer", "medical-imaging");
        assertThat(r.search().models(SearchRequest.of("").sortedBy("name:desc").limit(2).next(first)).items())
                .extracting(ModelSummary::name).containsExactly("medical");
    }

    @Test
    void badTokensAndRequestsAreRefused() {
        SearchPage<ModelVersion> first = r.search().versions(SearchRequest.of("").limit(1));
        assertThatThrownBy(() -> r.search().versions(SearchRequest.of("name:x").limit(1).next(first)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("page token not valid here");
        assertThatThrownBy(() -> r.search().versions(new SearchRequest("", null, 1, "not-a-token!")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("page token not valid here");
        assertThatThrownBy(() -> r.search().versions(new SearchRequest("", null, 1, "AAAA")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("page token not valid here");
        assertThatThrownBy(() -> new SearchRequest("", null, 5000, null)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> r.search().versions(SearchRequest.of("metrics.x:>high")))
                .isInstanceOf(QueryException.class).satisfies(e -> assertThat(((QueryException) e).offset()).isEqualTo(11));
        assertThat(Map.of()).isEmpty();
    }

    @Test
    void aKeyWithADotAndNestedKeysAreDifferentFieldsWhicheverIsAskedFirst() {
        r.registerModel(Registration.builder("dots").version("1.0.0").custom("team.id", "flat").custom("my key", 1).build());
        r.registerModel(Registration.builder("dots").version("2.0.0").custom("team", Map.of("id", "nested"))
                .custom("my key", 2).build());
        r.registerModel(Registration.builder("dots").version("3.0.0").custom("my key", 3).build());
        assertThat(find("custom.\"team.id\":flat")).containsExactly("dots:1.0.0");
        assertThat(find("custom.team.id:nested")).containsExactly("dots:2.0.0");
        assertThat(find("custom.\"team.id\":nested")).isEmpty();
        assertThat(find("custom.team.id:flat")).isEmpty();
        assertThat(find("custom.\"team.id\":flat OR custom.team.id:nested")).containsExactly("dots:1.0.0", "dots:2.0.0");
        assertThat(r.search().versions(SearchRequest.of("name:dots").sortedBy("custom.\"my key\":desc")).items().stream()
                .map(ModelVersion::reference).toList()).containsExactly("dots:3.0.0", "dots:2.0.0", "dots:1.0.0");
        assertThatThrownBy(() -> r.search().versions(SearchRequest.of("").sortedBy("custom.\"my key:desc")))
                .isInstanceOf(QueryException.class);
    }

    @Test
    void aSortedSearchCountsAndListsOnlyTheVersionsARestrictedPrincipalMaySee() {
        try (ModelRegistry admin = ModelRegistry.open(RegistryOptions.builder("mem:").principal("admin")
                .cacheDirectory(temp.resolve("restricted")).build())) {
            for (int i = 0; i < 6; i++) {
                admin.registerModel(Registration.builder("m" + i % 2).version("1." + i + ".0")
                        .tier(i % 3 == 0 ? Tier.PROFESSIONAL : Tier.LITE).metric("acc", i / 10.0).build());
            }
            SearchRequest best = SearchRequest.of("metrics.acc:>=0").sortedBy("metrics.acc:desc").limit(2);
            SearchPage<ModelVersion> all = admin.search().versions(best);
            assertThat(all.total()).isEqualTo(6); // unrestricted: every match counted
            assertThat(all.items()).extracting(ModelVersion::reference).containsExactly("m1:1.5.0", "m0:1.4.0");
            admin.access().install(AccessPolicy.builder().grant("admin", "model_admin")
                    .grant("reader", "viewer").tier("reader", Tier.LITE).build());
            ModelRegistry reader = admin.as("reader");
            SearchPage<ModelVersion> first = reader.search().versions(best);
            assertThat(first.total()).isEqualTo(4); // 1.0.0 and 1.3.0 are professional
            assertThat(first.items()).extracting(ModelVersion::reference).containsExactly("m1:1.5.0", "m0:1.4.0");
            assertThat(reader.search().versions(best.next(first)).items()).extracting(ModelVersion::reference)
                    .containsExactly("m0:1.2.0", "m1:1.1.0");
            assertThat(reader.search().models(SearchRequest.of("metrics.acc:<0.15").sortedBy("metrics.acc")).items())
                    .extracting(ModelSummary::name).containsExactly("m1"); // m0's only match, 1.0.0, is hidden
        }
    }
}
