package io.jmreg.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Scope;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.Dataset;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.LineageGraph;
import io.jmreg.api.model.LineageGraph.Edge;
import io.jmreg.api.model.LineageGraph.Relation;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.TrainingInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Data lineage both ways, the lineage graph (versions, datasets, base models), and what a principal may see of it. */
class LineageGraphTest {
    @Test
    void datasetsFeedVersionsAndTheGraphLinksParentsDatasetsAndBaseModels() {
        try (ModelRegistry r = ModelRegistry.open("mem:")) {
            r.registerModel(Registration.builder("base/llm").version("1.0.0").build());
            r.registerModel(Registration.builder("fraud").version("1.0.0").trainingInfo(TrainingInfo.ofDatasets(
                    Dataset.of("transactions", "2026-09"))).build());
            r.registerModel(Registration.builder("fraud").version("1.1.0").trainingInfo(TrainingInfo.ofDatasets(
                    Dataset.of("transactions", "2026-10"), Dataset.of("chargebacks", null)))
                    .lineage(Lineage.builder().parents(List.of("fraud:1.0.0"))
                            .datasets(List.of("transactions")).build()).build());
            r.registerModel(Registration.builder("team/fraud-lora").version("0.1.0").kind(Kind.ADAPTER)
                    .lineage(Lineage.builder().parents(List.of("fraud:1.1.0"))
                            .baseModel("base/llm:1.0.0").build()).build());

            assertThat(r.lineage().fedBy("transactions")).extracting(ModelVersion::reference)
                    .containsExactly("fraud:1.0.0", "fraud:1.1.0");
            assertThat(r.lineage().fedBy("transactions@2026-10")).extracting(ModelVersion::reference)
                    .containsExactly("fraud:1.1.0");
            assertThat(r.lineage().fedBy("chargebacks")).extracting(ModelVersion::reference).containsExactly("fraud:1.1.0");
            assertThat(r.lineage().fedBy("nothing")).isEmpty();
            assertThatThrownBy(() -> r.lineage().fedBy(" ")).isInstanceOf(ValidationException.class);

            LineageGraph g = r.lineage().graph("fraud:1.1.0");
            assertThat(g.root()).isEqualTo("fraud:1.1.0");
            assertThat(g.nodes()).extracting(LineageGraph.Node::id).containsExactlyInAnyOrder("fraud:1.1.0", "fraud:1.0.0",
                    "team/fraud-lora:0.1.0", "dataset:transactions@2026-09", "dataset:transactions@2026-10",
                    "dataset:chargebacks", "base:base/llm:1.0.0");
            assertThat(g.edges()).contains(new Edge("fraud:1.0.0", "fraud:1.1.0", Relation.PARENT),
                    new Edge("fraud:1.1.0", "team/fraud-lora:0.1.0", Relation.PARENT),
                    new Edge("dataset:transactions@2026-10", "fraud:1.1.0", Relation.TRAINED_ON),
                    new Edge("base:base/llm:1.0.0", "team/fraud-lora:0.1.0", Relation.BASE_MODEL));

            r.access().install(AccessPolicy.builder().grant(r.principal(), "model_admin")
                    .grant("analyst", Scope.models("fraud"), "viewer").grant("analyst", "viewer_of_nothing_else")
                    .role("viewer_of_nothing_else", "registry:search").build());
            ModelRegistry analyst = r.as("analyst");
            LineageGraph seen = analyst.lineage().graph("fraud:1.1.0");
            assertThat(seen.nodes()).extracting(LineageGraph.Node::id).doesNotContain("team/fraud-lora:0.1.0")
                    .contains("fraud:1.0.0");
            assertThat(seen.edges()).noneMatch(e -> e.to().equals("team/fraud-lora:0.1.0"));
            assertThat(analyst.lineage().children("fraud:1.1.0")).isEmpty();
            assertThat(analyst.lineage().fedBy("transactions")).hasSize(2);
        }
    }
}
