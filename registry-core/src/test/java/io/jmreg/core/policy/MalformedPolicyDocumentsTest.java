package io.jmreg.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.core.access.PolicyJson;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The malformed policy documents of {@code src/test/resources/policy/malformed-policies.json}, each with the one
 * message every entry point gives for it: the document reader itself, {@code RegistryAccess.parse} (what the CLI's
 * {@code policy install} reads with) and the stored policy a registry opens. registry-server's
 * {@code PolicyEntryPointsTest} runs the same file through {@code PUT /api/v1/policy}, registry-cli's
 * {@code CliPolicyDocumentsIT} through {@code jmreg policy install}.
 */
class MalformedPolicyDocumentsTest {
    /** The cases file, shared with the server's and the CLI's tests (which read it by this module's path). */
    static final Path CASES = Path.of("src/test/resources/policy/malformed-policies.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyEntryPointRefusesEachCaseWithTheSameMessage() throws Exception {
        JsonNode cases = JSON.readTree(CASES.toFile());
        assertThat(cases.size()).isGreaterThanOrEqualTo(10);
        try (ModelRegistry registry = ModelRegistry.open("mem:policy-cases-" + UUID.randomUUID())) {
            for (JsonNode c : cases) {
                String text = JSON.writeValueAsString(c.get("document"));
                String message = c.get("message").asText();
                assertThatThrownBy(() -> PolicyDocument.read(c.get("document"))).as(text)
                        .isExactlyInstanceOf(ValidationException.class).hasMessage(message);
                assertThatThrownBy(() -> PolicyJson.parse(text)).as(text)
                        .isExactlyInstanceOf(ValidationException.class).hasMessage(message);
                assertThatThrownBy(() -> registry.access().parse(text)).as(text)
                        .isExactlyInstanceOf(ValidationException.class).hasMessage(message);
                assertThat(registry.access().policy()).as("nothing installed").isEmpty();

                String stored = "mem:stored-policy-" + UUID.randomUUID();
                try (StorageBackend backend = StorageBackends.open(stored, Map.of())) {
                    backend.putBytes(StoreLayout.policyKey(1), text.getBytes(StandardCharsets.UTF_8));
                }
                try (ModelRegistry r = ModelRegistry.open(stored)) {
                    if (c.has("storedIgnores")) {
                        // a protected name no alias or environment can have protects nothing: a policy stored by an
                        // earlier version that accepted one still opens, without it, and is in force (no grants)
                        assertThatThrownBy(() -> r.access().policy()).as("stored: " + text)
                                .isInstanceOf(AccessDeniedException.class);
                        AccessPolicy p = PolicyJson.parseStored(text);
                        String kept = c.get("storedIgnores").asText();
                        assertThat(p.protectedAliases()).as("stored: " + text)
                                .isEqualTo(kept.isEmpty() ? Set.of() : Set.of(kept));
                        assertThat(p.protectedEnvironments()).as("stored: " + text).isEmpty();
                        continue;
                    }
                    assertThatThrownBy(r::listModels).as("stored: " + text).isInstanceOf(StorageException.class)
                            .hasMessageContaining(StoreLayout.policyKey(1)).hasMessageContaining(message);
                }
            }
        }
    }
}
