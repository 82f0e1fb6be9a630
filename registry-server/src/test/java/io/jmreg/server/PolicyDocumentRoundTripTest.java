package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.lifecycle.Approval;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/policy} answers the policy document users write (the README's vocabulary, which
 * {@code jmreg policy install} and {@code PUT /api/v1/policy} read), so what one reads the other takes back unchanged.
 */
class PolicyDocumentRoundTripTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCUMENT = """
            {"roles": {"auditor": ["models:read", "registry:audit"]},
             "grants": [{"subject": "admin", "roles": ["model_admin"]},
                        {"subject": "server", "roles": ["model_admin"]},
                        {"subject": "alice", "roles": ["model_developer"], "models": "medical/*"},
                        {"subject": "bob", "roles": ["auditor"], "models": "fraud/**", "tag": "team:nlp"},
                        {"subject": "*", "roles": ["viewer"]}],
             "tiers": {"contractor": "lite", "*": "standard"},
             "protected": {"aliases": ["production"], "environments": ["prod"]},
             "approvals": {"production": "other-principal", "staging": "other-than-requester-and-creator"}}""";

    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() throws Exception {
        servers.closeAll();
    }

    private HttpResponse<String> call(TestServers.Running s, String method, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.server().uri() + "/api/v1/policy"))
                .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void getAnswersTheDocumentThatPutAndInstallTakeBack() throws Exception {
        TestServers.Running s = servers.start(temp);
        HttpResponse<String> put = call(s, "PUT", DOCUMENT);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(JSON.readTree(put.body())).isEqualTo(JSON.readTree(DOCUMENT));

        HttpResponse<String> get = call(s, "GET", null);
        assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
        JsonNode first = JSON.readTree(get.body());
        assertThat(first).as("the document as written, in the README's words").isEqualTo(JSON.readTree(DOCUMENT));

        HttpResponse<String> again = call(s, "PUT", get.body());
        assertThat(again.statusCode()).as("what GET answers, PUT takes back: " + again.body()).isEqualTo(200);
        assertThat(JSON.readTree(call(s, "GET", null).body())).isEqualTo(first);
        assertThat(s.registry().access().policy().orElseThrow().approvalFor("staging"))
                .isEqualTo(Approval.OTHER_THAN_REQUESTER_AND_CREATOR);
        assertThat(s.registry().access().install(s.registry().access().parse(get.body())))
                .as("the library reads the same document").isEqualTo(s.registry().access().policy().orElseThrow());

        try (ModelRegistry client = TestServers.client(s.server().uri().toString(), TestServers.ADMIN_TOKEN,
                temp.resolve("client-cache"))) {
            assertThat(client.access().policy()).contains(s.registry().access().policy().orElseThrow());
            client.access().install(client.access().policy().orElseThrow());
            assertThat(JSON.readTree(call(s, "GET", null).body())).isEqualTo(first);
        }

        HttpResponse<String> wireNames = call(s, "PUT", DOCUMENT.replace("\"protected\"", "\"protected_aliases\""));
        assertThat(wireNames.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wireNames.body()).path("message").asText())
                .contains("$.protected_aliases is not a policy key");
    }
}
