package io.jmreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.server.RegistryServer;
import io.jmreg.server.ServerOptions;
import io.jmreg.server.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command's {@code --json} is the HTTP API's body for the same value: the real launcher and a real server on the
 * same store answer the same JSON documents, field for field.
 */
class CliWireJsonIT {
    private static final String TOKEN = "wire-json-token-0123456789";
    @TempDir
    Path temp;
    private final Launcher jmreg = new Launcher();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void jsonOutputEqualsTheHttpBody() throws Exception {
        String store = "file:" + temp.resolve("store");
        jmreg.env.put("REGISTRY_URI", store);
        jmreg.env.put("REGISTRY_CACHE", temp.resolve("cache").toString());
        jmreg.env.put("REGISTRY_PRINCIPAL", "ci");
        jmreg.run("init").ok();
        Path file = Files.writeString(temp.resolve("model.bin"), "weights");
        jmreg.run("register", "fraud", file.toString(), "--version", "1.0.0", "--metric", "accuracy=0.9", "--param",
                "learning_rate=0.001", "--dataset", "transactions@2026-10", "--git-commit", "abc123").ok();
        jmreg.run("alias", "set", "fraud", "production", "1.0.0").ok();

        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(store).principal("server")
                .cacheDirectory(temp.resolve("server-cache")).build());
             RegistryServer server = RegistryServer.start(ServerOptions.builder(registry,
                     Tokens.of(Map.of()).with(TOKEN, "admin", true)).port(0)
                     .uploadDirectory(temp.resolve("uploads")).build())) {
            JsonNode version = get(server, "/api/v1/models/fraud/versions/1.0.0");
            assertThat(version.get("training_info")).as("a nested record with multi-word names").isNotNull();
            assertThat(jmreg.run("--json", "info", "fraud:1.0.0").ok().json()).isEqualTo(version);

            JsonNode model = get(server, "/api/v1/models/fraud");
            assertThat(jmreg.run("--json", "info", "--model", "fraud").ok().json().get("model")).isEqualTo(model);
            assertThat(jmreg.run("--json", "list").ok().json().get("models").get(0)).isEqualTo(model);
        }
    }

    private JsonNode get(RegistryServer server, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.uri() + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }
}
