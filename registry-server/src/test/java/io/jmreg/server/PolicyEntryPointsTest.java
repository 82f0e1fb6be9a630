package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.ValidationException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PUT /api/v1/policy} on the real server, and the remote client's {@code access().parse}, refuse each malformed
 * policy document of registry-core's shared cases file with a 400 (a {@link ValidationException} through the client)
 * carrying the message the library and the stored policy give for it, and install nothing.
 */
class PolicyEntryPointsTest {
    private static final Path CASES = Path.of("../registry-core/src/test/resources/policy/malformed-policies.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() throws Exception {
        servers.closeAll();
    }

    @Test
    void putAndParseRefuseEachMalformedDocumentWithTheSharedMessage() throws Exception {
        TestServers.Running s = servers.start(temp);
        JsonNode cases = JSON.readTree(CASES.toFile());
        assertThat(cases.size()).isGreaterThanOrEqualTo(10);
        try (ModelRegistry client = TestServers.client(s.server().uri(), TestServers.ADMIN_TOKEN,
                temp.resolve("client-cache"))) {
            for (JsonNode c : cases) {
                String text = JSON.writeValueAsString(c.get("document"));
                String message = c.get("message").asText();
                HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(s.server().uri()
                                + "/api/v1/policy")).header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN)
                        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(text))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(put.statusCode()).as(text + " -> " + put.body()).isEqualTo(400);
                JsonNode error = JSON.readTree(put.body());
                assertThat(error.path("code").asText()).isEqualTo("validation");
                assertThat(error.path("message").asText()).as(text).contains(message);
                assertThatThrownBy(() -> client.access().parse(text)).as(text)
                        .isInstanceOf(ValidationException.class).hasMessageContaining(message);
            }
            assertThat(client.access().policy()).as("nothing installed").isEmpty();
        }
    }

    @Test
    void putRefusesADocumentThatIsNotJsonAsParseDoes() throws Exception {
        TestServers.Running s = servers.start(temp);
        for (String text : new String[] {"not json", "{\"grants\": []} trailing", "", "{\"grants\": [], \"grants\": []}"}) {
            HttpResponse<String> put = send(s, "PUT", "/api/v1/policy", text);
            HttpResponse<String> parse = send(s, "POST", "/api/v1/policy/parse", text);
            assertThat(put.statusCode()).as(text + " -> " + put.body()).isEqualTo(400);
            assertThat(parse.statusCode()).as(text + " -> " + parse.body()).isEqualTo(400);
            assertThat(JSON.readTree(put.body()).path("message").asText()).as(text)
                    .isEqualTo(JSON.readTree(parse.body()).path("message").asText()).startsWith("policy");
            assertThat(JSON.readTree(put.body()).path("code").asText()).isEqualTo("validation");
        }
        assertThat(send(s, "GET", "/api/v1/policy", null).statusCode()).as("nothing installed").isEqualTo(404);
    }

    private HttpResponse<String> send(TestServers.Running s, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(s.server().uri() + path))
                .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
