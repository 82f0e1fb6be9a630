package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written OpenAPI document and the routes served are the same set, both ways. */
class OpenApiDocumentTest {
    private static final Pattern PATH = Pattern.compile("^  (/\\S+):\\s*$");
    private static final Pattern METHOD = Pattern.compile("^    (get|put|post|delete|patch|head):\\s*$");

    @TempDir
    Path temp;

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsServed() throws Exception {
        String yaml = new String(RegistryServer.openApi(), StandardCharsets.UTF_8);
        assertThat(yaml).startsWith("openapi: 3.1.0");
        Set<String> documented = new TreeSet<>();
        String path = null;
        for (String line : yaml.split("\n")) {
            Matcher p = PATH.matcher(line);
            Matcher m = METHOD.matcher(line);
            if (p.matches()) {
                path = p.group(1);
            } else if (m.matches() && path != null) {
                documented.add(m.group(1).toUpperCase(Locale.ROOT) + " " + path);
            } else if (!line.startsWith(" ") && !line.equals("paths:")) {
                path = null;
            }
        }
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp).build())) {
            Router router = RegistryServer.routes(ServerOptions.builder(registry, Tokens.of(Map.of()))
                    .uploadDirectory(temp.resolve("uploads")).build());
            assertThat(documented).as("documented operations").hasSizeGreaterThan(40);
            assertThat(router.signatures()).containsExactlyInAnyOrderElementsOf(documented);
        }
        assertThat(yaml).as("every operation has an id").containsPattern("operationId: getModelsNameVersionsVersionArtifactsPath");
    }
}
