package io.jmreg.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.Registration;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model card over plain HTTP: {@code PUT /api/v1/models/{name}/description} (a namespaced name as two path
 * segments or encoded) answers the model's summary, {@code GET /api/v1/models/{name}} carries it as
 * {@code description}; bad bodies, a missing model, a card too long and a principal without {@code models:update}
 * are JSON errors that change nothing.
 */
class ModelCardRestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CARD = "/api/v1/models/fraud/detector/description";

    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();
    private final HttpClient http = HttpClient.newHttpClient();
    private TestServers.Running running;

    @BeforeEach
    void start() {
        running = servers.start(temp);
        running.registry().registerModel(Registration.builder("fraud/detector").version("1.0.0").build());
    }

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(running.server().uri() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private JsonNode model() throws Exception {
        HttpResponse<String> r = call("GET", "/api/v1/models/fraud%2Fdetector", TestServers.ADMIN_TOKEN, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(r.body()).path("code").asText()).isEqualTo(code);
    }

    @Test
    void theCardIsPutAsJsonAndReadInTheModelsSummary() throws Exception {
        assertThat(model().has("description")).as("no card yet: no field").isFalse();
        HttpResponse<String> put = call("PUT", CARD, TestServers.ADMIN_TOKEN,
                "{\"description\": \"# Fraud detector\\n\\nScores *card* payments. \\u00e9\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode summary = JSON.readTree(put.body());
        assertThat(summary.path("name").asText()).isEqualTo("fraud/detector");
        assertThat(summary.path("version_count").asInt()).isEqualTo(1);
        assertThat(summary.path("description").asText()).isEqualTo("# Fraud detector\n\nScores *card* payments. \u00e9");
        assertThat(model().path("description").asText()).isEqualTo("# Fraud detector\n\nScores *card* payments. \u00e9");
        assertThat(call("PUT", "/api/v1/models/fraud%2Fdetector/description", TestServers.ADMIN_TOKEN,
                "{\"description\": \"Encoded path\"}").statusCode()).isEqualTo(200);
        assertThat(running.registry().getModel("fraud/detector").description()).isEqualTo("Encoded path");
        assertThat(running.registry().audit().query(AuditQuery.all().action("update_model_description")
                .resource("fraud/detector"))).hasSize(2).allSatisfy(e -> {
                    assertThat(e.principal()).isEqualTo("admin");
                    assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.OK);
                });

        assertThat(call("PUT", CARD, TestServers.ADMIN_TOKEN, "{\"description\": null}").statusCode()).isEqualTo(200);
        assertThat(model().has("description")).as("removed").isFalse();
    }

    @Test
    void badRequestsAreJsonErrorsThatChangeNothing() throws Exception {
        call("PUT", CARD, TestServers.ADMIN_TOKEN, "{\"description\": \"kept\"}");
        assertError(call("PUT", CARD, TestServers.ADMIN_TOKEN, "{\"description\": \"a\", \"description\": \"b\"}"),
                400, "bad_request");
        assertError(call("PUT", CARD, TestServers.ADMIN_TOKEN, "{\"description\": \"a\", \"card\": \"b\"}"), 400,
                "bad_request");
        assertError(call("PUT", CARD, TestServers.ADMIN_TOKEN, "{\"description\": [\"a\"]}"), 400, "bad_request");
        assertError(call("PUT", CARD, TestServers.ADMIN_TOKEN, "{\"description\": \"" + "x".repeat(65_537) + "\"}"),
                400, "validation");
        assertError(call("PUT", "/api/v1/models/nothing-here/description", TestServers.ADMIN_TOKEN,
                "{\"description\": \"a\"}"), 404, "model_not_found");
        assertThat(running.registry().listModels()).containsExactly("fraud/detector");

        running.registry().access().install(AccessPolicy.builder().grant("admin", "model_admin")
                .grant("viewer", "viewer").build());
        HttpResponse<String> denied = call("PUT", CARD, TestServers.VIEWER_TOKEN, "{\"description\": \"vandalised\"}");
        assertError(denied, 403, "access_denied");
        assertThat(denied.body()).contains("models:update");
        assertThat(running.registry().as("admin").getModel("fraud/detector").description()).isEqualTo("kept");
        assertThat(call("GET", "/api/v1/models/fraud/detector", TestServers.VIEWER_TOKEN, null).body())
                .contains("\"description\":\"kept\"");
    }
}
