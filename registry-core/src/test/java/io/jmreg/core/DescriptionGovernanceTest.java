package io.jmreg.core;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A version's description is metadata, governed as its tags are: it changes only where the stage allows
 * {@code UPDATE_TAGS} (a production version is immutable, metrics aside), and a refused change writes nothing.
 */
class DescriptionGovernanceTest {
    @Test
    void aProductionVersionsDescriptionCannotChangeAndTheRefusalWritesNothing() {
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder("mem:describe-" + UUID.randomUUID())
                .build())) {
            r.registerModel(Registration.builder("m").version("1.0.0").description("first").build());
            for (String stage : new String[] {"testing", "staging", "production"}) {
                r.lifecycle().promote("m:1.0.0", stage);
            }
            long before = r.getModel("m").sequence();
            assertThatThrownBy(() -> r.updateDescription("m:1.0.0", "rewritten in production"))
                    .isInstanceOf(OperationNotAllowedException.class)
                    .hasMessageContaining("stage 'production'").hasMessageContaining("UPDATE_TAGS");
            assertThat(r.resolve("m:1.0.0").description()).isEqualTo("first");
            assertThat(r.getModel("m").sequence()).isEqualTo(before);

            r.lifecycle().promote("m:1.0.0", "deprecated"); // a deprecated version's metadata may change again
            assertThat(r.updateDescription("m:1.0.0", "kept for audits").description()).isEqualTo("kept for audits");
        }
    }
}
