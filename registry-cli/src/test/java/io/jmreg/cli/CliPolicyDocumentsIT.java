package io.jmreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jmreg policy install FILE}, through the real launcher, refuses each malformed policy document of
 * registry-core's shared cases file with exit 2 and the message the library, the stored policy and
 * {@code PUT /api/v1/policy} give for it (its JSON path and what is wrong), and installs nothing.
 */
class CliPolicyDocumentsIT {
    private static final Path CASES = Path.of("../registry-core/src/test/resources/policy/malformed-policies.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path temp;
    private final Launcher jmreg = new Launcher();

    @Test
    void policyInstallRefusesEachMalformedDocumentWithTheSharedMessage() throws Exception {
        jmreg.env.put("REGISTRY_URI", "file:" + temp.resolve("store"));
        jmreg.env.put("REGISTRY_CACHE", temp.resolve("cache").toString());
        jmreg.env.put("REGISTRY_PRINCIPAL", "ci");
        jmreg.run("init").ok();
        JsonNode cases = JSON.readTree(CASES.toFile());
        assertThat(cases.size()).isGreaterThanOrEqualTo(10);
        int i = 0;
        for (JsonNode c : cases) {
            Path file = temp.resolve("policy-" + i++ + ".json");
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c.get("document")));
            jmreg.run("policy", "install", file.toString()).fails(ExitCodes.USAGE, c.get("message").asText());
        }
        assertThat(jmreg.run("policy", "show").ok().out()).startsWith("no policy");
    }
}
