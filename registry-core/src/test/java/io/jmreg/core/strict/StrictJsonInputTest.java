package io.jmreg.core.strict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.core.lifecycle.StageMachineJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON a user hands in (a policy, a stage machine) is read strictly: a duplicate key, content after the document,
 * deep nesting and huge documents fail with a {@link ValidationException} naming the JSON path; a policy that would
 * lock every principal out is refused at install, and nothing is written.
 */
class StrictJsonInputTest {
    private static final String ADMIN = "{\"subject\": \"admin\", \"roles\": [\"model_admin\"]}";

    @TempDir
    Path temp;
    ModelRegistry registry;

    @BeforeEach
    void open() {
        registry = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp.resolve("cache")).build());
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void aDuplicateGrantsKeyIsRefusedNamingItsPathAndNothingIsInstalled() {
        String json = "{\"grants\": [" + ADMIN + "],\n \"grants\": []}";
        assertThatThrownBy(() -> registry.access().parse(json)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("$.grants").hasMessageContaining("Duplicate").hasMessageContaining("line 2");
        Path file = temp.resolve("policy.json");
        write(file, json);
        assertThatThrownBy(() -> registry.access().install(file)).isInstanceOf(ValidationException.class);
        assertThat(registry.access().policy()).isEmpty();
    }

    @Test
    void aDuplicateKeyInsideAGrantNamesTheGrant() {
        assertThatThrownBy(() -> registry.access().parse("{\"grants\": [" + ADMIN + ", {\"subject\": \"a\", "
                + "\"subject\": \"b\", \"roles\": [\"viewer\"]}]}")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("$.grants[1].subject");
    }

    @Test
    void contentAfterThePolicyIsRefused() {
        assertThatThrownBy(() -> registry.access().parse("{\"grants\": [" + ADMIN + "]} {\"grants\": []}"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("policy: not valid JSON")
                .hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> registry.access().parse("{\"grants\": [" + ADMIN + "]} x"))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void deeplyNestedOrHugePolicyJsonIsAValidationExceptionNotANullPointer() {
        String deep = "{\"grants\": " + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        assertThatThrownBy(() -> registry.access().parse(deep)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("nesting depth");
        String longString = "{\"grants\": [{\"subject\": \"" + "a".repeat(5 << 20) + "\"}]}";
        assertThatThrownBy(() -> registry.access().parse(longString)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("characters");
        String longNumber = "{\"schema\": " + "9".repeat(2_000) + ", \"grants\": []}";
        assertThatThrownBy(() -> registry.access().parse(longNumber)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("$.schema");
    }

    @Test
    void aPolicyNoPrincipalCouldReplaceIsRefusedAtInstall() {
        AccessPolicy readersOnly = registry.access().parse("{\"grants\": [{\"subject\": \"*\", \"roles\": [\"viewer\"]}]}");
        assertThatThrownBy(() -> registry.access().install(readersOnly)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("access_control:manage");
        AccessPolicy empty = registry.access().parse("{\"grants\": []}");
        assertThatThrownBy(() -> registry.access().install(empty)).isInstanceOf(ValidationException.class);
        AccessPolicy scopedOnly = registry.access().parse("{\"grants\": [{\"subject\": \"a\", \"roles\": "
                + "[\"model_admin\"], \"models\": \"team/*\"}]}");
        assertThatThrownBy(() -> registry.access().install(scopedOnly)).as("manage on some models only")
                .isInstanceOf(ValidationException.class);
        assertThat(registry.access().policy()).isEmpty();
        registry.access().install(registry.access().parse("{\"roles\": {\"keeper\": [\"access_control:manage\"]}, "
                + "\"grants\": [{\"subject\": \"k\", \"roles\": [\"keeper\"]}]}"));
        assertThat(registry.as("k").access().policy()).isPresent();
    }

    @Test
    void stageMachineJsonIsStrict() {
        String ok = "{\"initial\": \"dev\", \"stages\": {\"dev\": {\"transitions\": [\"prod\"]}, \"prod\": {}}}";
        assertThat(StageMachineJson.parse(ok, "m.json").initial()).isEqualTo("dev");
        assertThatThrownBy(() -> StageMachineJson.parse("{\"initial\": \"dev\", \"initial\": \"prod\", \"stages\": "
                + "{\"dev\": {}, \"prod\": {}}}", "m.json")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("$.initial").hasMessageContaining("m.json");
        assertThatThrownBy(() -> StageMachineJson.parse("{\"initial\": \"dev\", \"stages\": {\"dev\": {}, "
                + "\"dev\": {\"operations\": [\"DEPLOY\"]}}}", "m.json")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("$.stages.dev");
        assertThatThrownBy(() -> StageMachineJson.parse(ok + " {}", "m.json")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> StageMachineJson.parse("{\"initial\": \"dev\", \"stages\": {\"dev\": "
                + "{\"transitions\": \"prod\"}}}", "m.json")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("$.stages.dev.transitions");
        assertThatThrownBy(() -> StageMachineJson.parse("{\"initial\": \"dev\", \"stages\": {\"dev\": 7}}", "m.json"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("$.stages.dev must be an object");
    }

    @Test
    void aStageMachineFileWithADuplicateKeyIsRefusedWhenTheRegistryOpens() {
        Path file = temp.resolve("stages.json");
        write(file, "{\"initial\": \"dev\", \"stages\": {\"dev\": {}}, \"stages\": {}}");
        assertThatThrownBy(() -> ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp.resolve("c2"))
                .stageMachineFile(file).build())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("$.stages");
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
