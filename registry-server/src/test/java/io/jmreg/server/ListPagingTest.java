package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.model.ModelVersion;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paged, bounded lists over a real server: {@code limit} and opaque {@code page_token}s on models and versions, the
 * bounds, refused tokens, and the remote client following pages.
 */
class ListPagingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();
    private TestServers.Running running;
    private final HttpClient http = HttpClient.newHttpClient();
    private List<String> names;

    @BeforeEach
    void start() throws Exception {
        running = servers.start(temp);
        Path dir = Files.createDirectories(temp.resolve("art"));
        Files.writeString(dir.resolve("w.bin"), "w");
        names = IntStream.range(0, 25).mapToObj(i -> String.format("team/model-%02d", i)).toList();
        for (String name : names) {
            running.registry().registerModel(Registration.builder(name).version("1.0.0").artifacts(dir).build());
        }
        for (int v = 2; v <= 5; v++) {
            running.registry().registerModel(Registration.builder("team/model-00").version(v + ".0.0").artifacts(dir)
                    .build());
        }
    }

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(running.server().uri() + path))
                .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private void badRequest(String path, String messagePart) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("code").asText()).isEqualTo("bad_request");
        assertThat(body.path("message").asText()).contains(messagePart);
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void twentyFiveModelsInPagesOfTenAreThreePagesWithEveryModelOnce() throws Exception {
        List<String> seen = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = ok("/api/v1/models?limit=10" + (token == null ? "" : "&page_token=" + q(token)));
            pages++;
            page.path("models").forEach(n -> seen.add(n.asText()));
            token = page.hasNonNull("next_page_token") ? page.get("next_page_token").asText() : null;
            if (token != null) {
                tokens.add(token);
                assertThat(page.path("models")).hasSize(10);
            }
        } while (token != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(names); // each once, by name
        assertThat(tokens).allSatisfy(t -> assertThat(t).doesNotContain("team").doesNotContain("model")
                .matches("[A-Za-z0-9_-]+"));
        assertThat(new String(Base64.getUrlDecoder().decode(tokens.get(0)), StandardCharsets.ISO_8859_1))
                .as("the token does not reveal the last name of its page").doesNotContain("model-09");

        JsonNode all = ok("/api/v1/models");
        assertThat(all.path("models")).hasSize(25); // the default limit (100) holds them all
        assertThat(all.has("next_page_token")).isFalse();
    }

    @Test
    void limitsOutsideOneToTheMaximumAndBadTokensAreJson400s() throws Exception {
        assertThat(ok("/api/v1/models?limit=1000").path("models")).hasSize(25);
        badRequest("/api/v1/models?limit=1001", "between 1 and 1000");
        badRequest("/api/v1/models?limit=0", "between 1 and 1000");
        badRequest("/api/v1/models?limit=ten", "must be an integer");
        badRequest("/api/v1/models?page_token=bm90LWEtdG9rZW4", "page_token is not valid");
        badRequest("/api/v1/models?page_token=%25%25", "page_token is not valid");
        String token = ok("/api/v1/models?limit=3").get("next_page_token").asText();
        String tampered = (token.charAt(20) == 'A' ? "B" : "A");
        badRequest("/api/v1/models?page_token=" + token.substring(0, 20) + tampered + token.substring(21),
                "page_token is not valid");
        badRequest("/api/v1/models/" + q("team/model-00") + "/versions?page_token=" + token,
                "page_token is not valid"); // a models token is not a versions token
    }

    @Test
    void versionsArePagedOldestFirst() throws Exception {
        String path = "/api/v1/models/" + q("team/model-00") + "/versions?limit=2";
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = ok(path + (token == null ? "" : "&page_token=" + q(token)));
            pages++;
            page.path("versions").forEach(v -> seen.add(v.path("version").asText()));
            token = page.hasNonNull("next_page_token") ? page.get("next_page_token").asText() : null;
        } while (token != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("1.0.0", "2.0.0", "3.0.0", "4.0.0", "5.0.0");
    }

    @Test
    void theRemoteClientFollowsPagesToListEverything() throws Exception {
        try (ModelRegistry client = ModelRegistry.open(RegistryOptions.builder(running.server().uri())
                .property("token", TestServers.ADMIN_TOKEN).property("page-size", "4")
                .cacheDirectory(temp.resolve("client")).build())) {
            assertThat(client.listModels()).containsExactlyElementsOf(names);
            assertThat(client.listVersions("team/model-00")).extracting(ModelVersion::version)
                    .containsExactly("1.0.0", "2.0.0", "3.0.0", "4.0.0", "5.0.0");
        }
        try (ModelRegistry client = TestServers.client(running.server().uri(), TestServers.ADMIN_TOKEN,
                temp.resolve("client2"))) {
            assertThat(client.listModels()).containsExactlyElementsOf(names);
        }
    }

    private List<Long> auditSeqs(String query, int limit) throws Exception {
        List<Long> seqs = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = ok("/api/v1/audit?" + query + "&limit=" + limit + (token == null ? "" : "&page_token=" + q(token)));
            pages++;
            assertThat(page.path("entries").size()).isLessThanOrEqualTo(limit);
            page.path("entries").forEach(e -> seqs.add(e.path("seq").asLong()));
            token = page.hasNonNull("next_page_token") ? page.get("next_page_token").asText() : null;
        } while (token != null && pages < 100);
        return seqs;
    }

    @Test
    void theAuditTrailIsPagedInEitherOrderAndTheRemoteClientFollowsItsPages() throws Exception {
        List<Long> trail = running.registry().audit().query(AuditQuery.all()).stream()
                .map(AuditEntry::seq).toList();
        assertThat(trail.size()).isGreaterThan(25);
        assertThat(auditSeqs("order=oldest", 10)).containsExactlyElementsOf(trail);
        List<Long> newest = new ArrayList<>(trail);
        Collections.reverse(newest);
        assertThat(auditSeqs("order=newest", 7)).containsExactlyElementsOf(newest);
        String token = ok("/api/v1/audit?limit=5").get("next_page_token").asText();
        badRequest("/api/v1/audit?order=newest&page_token=" + q(token), "page_token is not valid"); // another query
        badRequest("/api/v1/audit?limit=5000", "between 1 and 1000");
        try (ModelRegistry client = TestServers.client(running.server().uri(), TestServers.ADMIN_TOKEN,
                temp.resolve("client3"))) {
            assertThat(client.audit().query(AuditQuery.all()))
                    .extracting(AuditEntry::seq).startsWith(trail.toArray(Long[]::new));
            assertThat(client.audit().query(AuditQuery.all().newestFirst(true).limit(3)))
                    .hasSize(3);
        }
    }

    @Test
    void deploymentsArePagedByEnvironmentAndTheRemoteClientFollowsThem() throws Exception {
        List<String> envs = List.of("dev", "eu-prod", "prod", "staging", "us-prod");
        for (String env : envs) {
            running.registry().lifecycle().deploy("team/model-00:2.0.0", env, "http://serving.example/" + env, 1);
        }
        String path = "/api/v1/models/" + q("team/model-00") + "/deployments?limit=2";
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = ok(path + (token == null ? "" : "&page_token=" + q(token)));
            pages++;
            page.path("deployments").fieldNames().forEachRemaining(seen::add);
            token = page.hasNonNull("next_page_token") ? page.get("next_page_token").asText() : null;
        } while (token != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(envs);
        try (ModelRegistry client = ModelRegistry.open(RegistryOptions.builder(running.server().uri())
                .property("token", TestServers.ADMIN_TOKEN).property("page-size", "2")
                .cacheDirectory(temp.resolve("client4")).build())) {
            assertThat(client.lifecycle().deployments("team/model-00")).containsOnlyKeys(envs)
                    .allSatisfy((env, d) -> assertThat(d.toString()).contains("2.0.0"));
        }
    }
}
