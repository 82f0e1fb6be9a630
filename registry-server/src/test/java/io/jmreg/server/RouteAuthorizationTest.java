package io.jmreg.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.Registration;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Permission;
import io.jmreg.api.model.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every REST route goes through an operation that declares what it needs: each route of the server's route table
 * (so a new route fails this test until it is listed here) is either refused (403, {@code access_denied}) to a
 * principal the policy grants nothing, naming a permission id of the vocabulary and a resource of the documented
 * form ({@code registry}, {@code model NAME} or a reference), or narrowed to nothing, or exempt for a stated reason.
 */
class RouteAuthorizationTest {
    /** Routes that run no operation on the store's models, with the reason. */
    private static final Map<String, String> EXEMPT = Map.of(
            "GET /api/v1/whoami", "answers who the caller is",
            "GET /api/v1/access", "answers about the caller's own permissions",
            "POST /api/v1/policy/parse", "parses text; reads nothing",
            "GET /api/v1/stage-machine", "the configured state machine (no stored model data)",
            "POST /api/v1/uploads", "a staging area of the caller's own; registering from it needs models:create",
            "PUT /api/v1/uploads/{id}/files/{path}", "a staging area of the caller's own",
            "DELETE /api/v1/uploads/{id}", "a staging area of the caller's own");

    /** Lists that a principal without read gets empty rather than refused. */
    private static final Set<String> NARROWED = Set.of("GET /api/v1/models");

    /** The query string each route needs (none when absent). */
    private static final Map<String, String> QUERIES = Map.ofEntries(
            Map.entry("GET /api/v1/resolve", "reference=m:1.0.0"),
            Map.entry("GET /api/v1/compare", "a=m:1.0.0&b=m:1.0.0&metric=acc"),
            Map.entry("GET /api/v1/search/similar", "reference=m:1.0.0"),
            Map.entry("GET /api/v1/search/compatible-adapters", "reference=m:1.0.0"),
            Map.entry("GET /api/v1/search/compatible-base-models", "reference=a:1.0.0"),
            Map.entry("GET /api/v1/lineage/{relation}", "reference=m:1.0.0"),
            Map.entry("GET /api/v1/models/{name}/state", "at=2030-01-01T00:00:00Z"));

    /** The body each route needs (none when absent). */
    private static final Map<String, String> BODIES = Map.ofEntries(
            Map.entry("POST /api/v1/models/{name}/versions", "{\"registration\":{\"name\":\"m\",\"version\":\"9.0.0\"}}"),
            Map.entry("POST /api/v1/models/{name}/versions/{version}/metrics", "{\"metrics\":{\"acc\":1.0}}"),
            Map.entry("POST /api/v1/models/{name}/versions/{version}/tags", "{\"add\":[\"t\"],\"remove\":[]}"),
            Map.entry("PUT /api/v1/models/{name}/versions/{version}/description", "{\"description\":\"# Card\"}"),
            Map.entry("PUT /api/v1/models/{name}/description", "{\"description\":\"# Card\"}"),
            Map.entry("PUT /api/v1/models/{name}/aliases/{alias}", "{\"version\":\"1.0.0\"}"),
            Map.entry("POST /api/v1/models/{name}/versions/{version}/promote", "{\"stage\":\"testing\"}"),
            Map.entry("POST /api/v1/models/{name}/versions/{version}/approve", "{\"stage\":\"testing\"}"),
            Map.entry("PUT /api/v1/models/{name}/deployments/{environment}",
                    "{\"version\":\"1.0.0\",\"endpoint\":\"https://e\",\"replicas\":1}"),
            Map.entry("POST /api/v1/search/recommend", "{\"use_case\":\"x\"}"),
            Map.entry("POST /api/v1/bulk", "{\"query\":\"name:m\",\"change\":{\"kind\":\"TAGS\",\"add_tags\":[\"t\"]},"
                    + "\"dry_run\":false}"),
            Map.entry("PUT /api/v1/policy", "{\"grants\":[{\"subject\":\"alice\",\"roles\":[\"model_admin\"]}]}"),
            Map.entry("POST /api/v1/audit/verify", "{\"trusted_keys\":[]}"),
            Map.entry("POST /api/v1/gc", "{\"grace_seconds\":86400}"),
            Map.entry("POST /api/v1/webhooks", "{\"url\":\"https://example.org/h\",\"events\":[],"
                    + "\"secret\":\"0123456789abcdef0123\"}"));

    private static final Map<String, String> PARAMS = Map.of("name", "m", "version", "1.0.0", "alias", "prod",
            "environment", "qa", "relation", "parents", "dataset", "data", "id", "x", "path", "weights.bin");

    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
    }

    @Test
    void everyRouteIsRefusedToAPrincipalGrantedNothingWithAPermissionIdOrIsExemptForAStatedReason()
            throws Exception {
        TestServers.Running running = servers.start(temp);
        Path files = Files.createDirectories(temp.resolve("files"));
        Files.writeString(files.resolve("weights.bin"), "w");
        running.registry().registerModel(Registration.builder("m").version("1.0.0").artifacts(files).build());
        running.registry().registerModel(Registration.builder("a").version("1.0.0").kind(Kind.ADAPTER).build());
        running.registry().setAlias("m", "prod", "1.0.0");
        running.registry().lifecycle().deploy("m:1.0.0", "qa", "https://qa", 1);
        running.registry().access().install(AccessPolicy.builder().grant("admin", "model_admin").build());
        Set<String> ids = Arrays.stream(Permission.values()).map(Permission::id).collect(Collectors.toSet());
        ObjectMapper json = new ObjectMapper();

        List<String> routes = running.server().routeSignatures();
        assertThat(routes).hasSizeGreaterThan(40);
        List<String> wrong = new ArrayList<>();
        for (String route : routes) {
            if (EXEMPT.containsKey(route)) {
                continue;
            }
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            for (Map.Entry<String, String> p : PARAMS.entrySet()) {
                path = path.replace("{" + p.getKey() + "}", p.getValue());
            }
            String query = QUERIES.get(route);
            String body = BODIES.get(route);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(running.server().uri() + path
                    + (query == null ? "" : "?" + query))).header("Authorization", "Bearer " + TestServers.ALICE_TOKEN)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (NARROWED.contains(route)) {
                if (response.statusCode() != 200 || !response.body().contains("[]")) {
                    wrong.add(route + ": not narrowed to nothing: " + response.statusCode() + " " + response.body());
                }
                continue;
            }
            if (response.statusCode() != 403) {
                wrong.add(route + ": " + response.statusCode() + " " + response.body());
                continue;
            }
            JsonNode error = json.readTree(response.body());
            String permission = error.path("details").path("permission").asText(error.path("permission").asText());
            String resource = error.path("details").path("resource").asText(error.path("resource").asText());
            if (!ids.contains(permission)) {
                wrong.add(route + ": permission '" + permission + "' is not a permission id: " + response.body());
            }
            if (!resource.equals("registry") && !resource.matches("model \\S+") && !resource.matches("\\S+")) {
                wrong.add(route + ": resource '" + resource + "' is not of the documented form");
            }
        }
        assertThat(wrong).as("routes not refused with a declared permission").isEmpty();
        assertThat(new TreeSet<>(routes)).as("exemptions of routes that no longer exist")
                .containsAll(EXEMPT.keySet());
        HttpResponse<String> export = http.send(HttpRequest.newBuilder(URI.create(running.server().uri()
                + "/api/v1/audit/export")).header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(export.statusCode()).as("an allowed export streams").isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/x-ndjson"));
        assertThat(export.body().lines().filter(l -> l.startsWith("{")).count()).isGreaterThan(3);
        assertThat(running.registry().as("admin").resolve("m@prod").version()).isEqualTo("1.0.0");
        assertThat(running.registry().as("admin").listVersions("m")).hasSize(1);
    }
}
