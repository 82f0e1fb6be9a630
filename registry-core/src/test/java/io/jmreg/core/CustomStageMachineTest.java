package io.jmreg.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.exceptions.IllegalTransitionException;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.Approval;
import io.jmreg.api.lifecycle.Operation;
import io.jmreg.api.lifecycle.StageDefinition;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.model.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host application supplies its own stages, transitions and allowed operations, in code or as JSON. */
class CustomStageMachineTest {
    @TempDir
    Path temp;

    @Test
    void aMachineFromJsonDrivesTransitionsAndOperations() throws Exception {
        Path file = temp.resolve("stages.json");
        Files.writeString(file, """
                {"initial": "draft",
                 "stages": {
                   "draft":    {"transitions": ["approved"]},
                   "approved": {"transitions": ["retired"], "operations": ["UPDATE_METRICS", "DEPLOY"]},
                   "retired":  {"transitions": [], "operations": ["DELETE"]}}}
                """);
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp.resolve("c"))
                .stageMachineFile(file).build())) {
            ModelVersion v = registry.registerModel(Registration.builder("m").version("1.0.0").build());
            assertThat(v.stage()).isEqualTo("draft");
            assertThatThrownBy(() -> registry.lifecycle().promote("m:1.0.0", "retired")).isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("allowed from 'draft': approved");
            registry.lifecycle().promote("m:1.0.0", "approved");
            assertThatThrownBy(() -> registry.updateTags("m:1.0.0", Set.of("x"), Set.of()))
                    .isInstanceOf(OperationNotAllowedException.class).hasMessageContaining("approved");
            registry.lifecycle().deploy("m:1.0.0", "prod", "e", 1);
            registry.lifecycle().promote("m:1.0.0", "retired");
            assertThatThrownBy(() -> registry.lifecycle().promote("m:1.0.0", "draft")).isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("none");
        }
    }

    @Test
    void anApprovalRuleFromJsonIsReadAndAnUnknownOneRefused() throws Exception {
        Path file = temp.resolve("approval.json");
        Files.writeString(file, """
                {"initial": "dev", "stages": {"dev": {"transitions": ["prod"]},
                                              "prod": {"approval": "other-principal"}}}""");
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp.resolve("c"))
                .stageMachineFile(file).build())) {
            assertThat(registry.lifecycle().stageMachine().stage("prod").approval())
                    .isEqualTo(Approval.OTHER_PRINCIPAL);
            registry.registerModel(Registration.builder("m").version("1.0.0").build());
            List<RegistryEvent> heard = new CopyOnWriteArrayList<>();
            registry.addListener(heard::add);
            assertThat(registry.lifecycle().promote("m:1.0.0", "prod").stage()).as("a request only").isEqualTo("dev");
            assertThat(registry.lifecycle().pendingPromotions("m")).hasSize(1);
            assertThat(heard).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(RegistryEvent.Type.PROMOTION_REQUESTED);
                assertThat(e.version()).isEqualTo("1.0.0");
                assertThat(e.details()).containsEntry("stage", "prod");
            });
        }
        Files.writeString(file, """
                {"initial": "dev", "stages": {"dev": {"transitions": []}, "prod": {"approval": "anyone"}}}""");
        assertThatThrownBy(() -> ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp.resolve("c"))
                .stageMachineFile(file).build())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("approval 'anyone'").hasMessageContaining("other-principal");
    }

    @Test
    void malformedCatalogPropertiesAreRefused() {
        for (String[] bad : new String[][] {{"catalog.compact-after-hints", "many"}, {"catalog.compact-after-hints", "0"},
                {"catalog.hint-expiry-seconds", "5"}, {"catalog.shard-versions", "-1"}}) {
            assertThatThrownBy(() -> ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp.resolve("c"))
                    .property(bad[0], bad[1]).build())).as("%s=%s", bad[0], bad[1])
                    .isInstanceOf(ValidationException.class).hasMessageContaining("catalog");
        }
    }

    @Test
    void aMachineInCodeIsValidated() {
        assertThatThrownBy(() -> new StageMachine("a", Map.of("a", new StageDefinition("a", Set.of("b"), Set.of()))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("unknown stage 'b'");
        StageMachine m = new StageMachine("a", Map.of("a", new StageDefinition("a", Set.of(), Set.of(Operation.DELETE))));
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp.resolve("c"))
                .stageMachine(m).build())) {
            registry.registerModel(Registration.builder("m").version("1.0.0").build());
            assertThatThrownBy(() -> registry.setAlias("m", "production", "1.0.0"))
                    .isInstanceOf(OperationNotAllowedException.class);
            registry.deleteVersion("m:1.0.0");
        }
    }

    @Test
    void aBrokenJsonFileIsReportedClearly() throws Exception {
        Path file = Files.writeString(temp.resolve("bad.json"), "{\"initial\": \"x\", \"stages\": {\"x\": {\"operations\": [\"FLY\"]}}}");
        assertThatThrownBy(() -> ModelRegistry.open(RegistryOptions.builder("mem:").stageMachineFile(file).build()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("unknown operation 'FLY'");
    }
}
