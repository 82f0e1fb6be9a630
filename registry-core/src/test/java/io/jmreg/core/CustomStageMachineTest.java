package io.jmreg.core;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.IllegalTransitionException;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.Operation;
import io.jmreg.api.lifecycle.StageDefinition;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.model.ModelVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            assertThatThrownBy(() -> registry.promote("m:1.0.0", "retired")).isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("allowed from 'draft': approved");
            registry.promote("m:1.0.0", "approved");
            assertThatThrownBy(() -> registry.updateTags("m:1.0.0", Set.of("x"), Set.of()))
                    .isInstanceOf(OperationNotAllowedException.class).hasMessageContaining("approved");
            registry.deploy("m:1.0.0", "prod", "e", 1);
            registry.promote("m:1.0.0", "retired");
            assertThatThrownBy(() -> registry.promote("m:1.0.0", "draft")).isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("none");
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
