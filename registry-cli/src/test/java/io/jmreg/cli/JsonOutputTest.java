package io.jmreg.cli;

import io.jmreg.api.exceptions.ValidationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JSON files handed to the CLI (metrics, configuration, checkpoints) are read strictly, naming the JSON path. */
class JsonOutputTest {
    @Test
    void aDuplicateKeyTrailingContentOrDeepNestingIsRefusedNamingThePath() {
        assertThat(JsonOutput.readObject("{\"eval\": {\"acc\": 0.9}}", "metrics file m.json")).containsKey("eval");
        assertThatThrownBy(() -> JsonOutput.readObject("{\"eval\": {\"acc\": 0.9, \"acc\": 0.1}}", "metrics file m.json"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("metrics file m.json")
                .hasMessageContaining("$.eval.acc").hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> JsonOutput.readObject("{\"acc\": 0.9} {\"acc\": 0.1}", "metrics file m.json"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> JsonOutput.readObject("{\"a\": " + "[".repeat(100) + "]".repeat(100) + "}", "f"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("nesting depth");
    }
}
