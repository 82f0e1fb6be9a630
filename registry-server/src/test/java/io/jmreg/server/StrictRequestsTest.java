package io.jmreg.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.Registration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Strict requests over HTTP: duplicate JSON keys are a 400 on every route that reads a body, every 4xx is the JSON
 * {@code {code, message}} (hostile paths included), messages are in the registry's words (no Java class names) and
 * enum values are case-insensitive.
 */
class StrictRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();
    private TestServers.Running running;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        running = servers.start(temp);
        running.registry().registerModel(Registration.builder("m").version("1.0.0").build());
    }

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(running.server().uri() + path))
                .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode error(int status, String contentType, String body) throws Exception {
        assertThat(status).as(body).isBetween(400, 499);
        assertThat(contentType).as(body).startsWith("application/json");
        JsonNode node = JSON.readTree(body);
        assertThat(node.path("code").asText()).as(body).isNotBlank();
        assertThat(node.path("message").asText()).as(body).isNotBlank()
                .doesNotContainPattern("java\\.|jackson|io\\.jmreg|`[A-Z]\\w+`|Exception");
        return node;
    }

    private static JsonNode error(HttpResponse<String> r) throws Exception {
        return error(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    @Test
    void duplicateKeysAreRefusedOnEveryRouteThatReadsJson() throws Exception {
        String[][] cases = {
                {"POST", "/api/v1/models/m/versions/1.0.0/metrics", "{\"metrics\": {\"a\": 1, \"a\": 2}}"},
                {"POST", "/api/v1/models/m/versions/1.0.0/tags", "{\"add\": [\"x\"], \"add\": [\"y\"]}"},
                {"PUT", "/api/v1/models/m/aliases/production", "{\"version\": \"1.0.0\", \"version\": \"1.0.0\"}"},
                {"POST", "/api/v1/models/m/versions/1.0.0/promote", "{\"stage\": \"staging\", \"stage\": \"production\"}"},
                {"PUT", "/api/v1/policy", "{\"roles\": {}, \"roles\": {}, \"grants\": []}"},
                {"POST", "/api/v1/policy/parse", "{\"roles\": {}, \"roles\": {}, \"grants\": []}"},
                {"POST", "/api/v1/gc", "{\"grace_seconds\": 1, \"grace_seconds\": 2}"},
                {"POST", "/api/v1/search/recommend", "{\"limit\": 1, \"limit\": 2}"},
                {"POST", "/api/v1/webhooks", "{\"url\": \"http://127.0.0.1:9/x\", \"url\": \"http://127.0.0.1:9/y\", "
                        + "\"secret\": \"0123456789abcdefgh\"}"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = send(c[0], c[1], c[2]);
            assertThat(r.statusCode()).as(c[0] + " " + c[1] + ": " + r.body()).isEqualTo(400);
            assertThat(error(r).path("message").asText()).as(c[1]).containsIgnoringCase("duplicate");
        }
        assertThat(running.registry().resolve("m:1.0.0").metrics()).isEmpty();
        assertThat(running.registry().aliases("m")).isEmpty();
        assertThat(running.registry().access().policy()).isEmpty();
    }

    @Test
    void scalarsOfTheWrongTypeAreRefusedNotConverted() throws Exception {
        JsonNode number = error(send("PUT", "/api/v1/models/m/description", "{\"description\": 5}"));
        assertThat(number.path("message").asText()).contains("$.description").contains("expected a string, got a number");
        error(send("PUT", "/api/v1/models/m/versions/1.0.0/description", "{\"description\": true}"));
        error(send("POST", "/api/v1/models/m/versions/1.0.0/tags", "{\"add\": [5]}"));
        JsonNode text = error(send("POST", "/api/v1/models/m/versions/1.0.0/metrics", "{\"metrics\": {\"a\": \"0.9\"}}"));
        assertThat(text.path("message").asText()).contains("$.metrics.a").contains("number");
        assertThat(running.registry().resolve("m:1.0.0").tags()).doesNotContain("5");
        assertThat(running.registry().resolve("m:1.0.0").description()).isNull();
        assertThat(running.registry().resolve("m:1.0.0").metrics()).isEmpty();
        assertThat(running.registry().getModel("m").description()).isNull();
    }

    @Test
    void messagesAreInTheRegistrysWords() throws Exception {
        JsonNode wrongType = error(send("POST", "/api/v1/models/m/versions/1.0.0/metrics", "{\"metrics\": {\"a\": \"high\"}}"));
        assertThat(wrongType.path("message").asText()).contains("$.metrics.a").contains("number");
        error(send("POST", "/api/v1/models/m/versions/1.0.0/metrics", "{\"metrics\": 5}"));
        error(send("POST", "/api/v1/models/m/versions/1.0.0/metrics", "{\"metrics\": {}} {}"));
        error(send("PUT", "/api/v1/models/m/aliases/production", "[\"1.0.0\"]"));
        error(send("POST", "/api/v1/webhooks", "{\"url\": \"http://127.0.0.1:9/x\", \"events\": [\"EXPLODED\"], "
                + "\"secret\": \"0123456789abcdefgh\"}"));
    }

    @Test
    void unknownQueryParametersAreRefused() throws Exception {
        JsonNode none = error(send("GET", "/api/v1/models/m?limit=5", "")); // a model takes none (its list does)
        assertThat(none.path("message").asText()).contains("'limit'").contains("takes none");
        JsonNode typo = error(send("GET", "/api/v1/audit?limt=5", ""));
        assertThat(typo.path("message").asText()).contains("'limt'").contains("limit");
        assertThat(send("GET", "/api/v1/audit?limit=5&order=newest", "").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/search/versions?q=&limit=5", "").statusCode()).isEqualTo(200);
    }

    @Test
    void enumValuesAreCaseInsensitive() throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/webhooks", "{\"url\": \"http://127.0.0.1:9/x\", "
                + "\"events\": [\"registered\", \"Stage_Changed\"], \"secret\": \"0123456789abcdefgh\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(JSON.readTree(r.body()).path("events").toString()).contains("REGISTERED").contains("STAGE_CHANGED");
    }

    @Test
    void hostilePathsGetJsonErrors() throws Exception {
        for (String path : new String[]{"/api/v1/models/a%00b", "/api/v1/models/a%00b/versions",
                "/api/v1/models//versions", "/api/v1//models", "/api/v1/%2e%2e/models", "/api/v1/models/%2e%2e/versions",
                "/api/v1/models/..%2f..%2fetc/versions", "/api/v1/models/%2e%2e%2f%2e%2e/versions", "/api/v1/models/%zz",
                "/api/v1/models/m/versions/1.0.0/artifacts/a//b", "/api/v1/models/m/versions/1.0.0/artifacts/%2e%2e/x"}) {
            try (Socket s = new Socket("127.0.0.1", running.server().port())) {
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + TestServers.ADMIN_TOKEN + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                int status = Integer.parseInt(response.substring(9, 12));
                String head = response.substring(0, response.indexOf("\r\n\r\n"));
                String contentType = head.lines().filter(l -> l.regionMatches(true, 0, "Content-Type:", 0, 13))
                        .map(l -> l.substring(13).strip()).findFirst().orElse("");
                String body = response.substring(response.indexOf("\r\n\r\n") + 4);
                assertThat(status).as(path + ": " + response).isBetween(400, 404);
                error(status, contentType, body);
            }
        }
    }
}
