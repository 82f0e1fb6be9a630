package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.Registration;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document as served, read by a real OpenAPI parser (swagger-parser): it parses without a message in
 * YAML and JSON, it names exactly the routes of the server's route table, and every JSON success response has a
 * typed schema.
 */
class OpenApiContractTest {
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();
    private TestServers.Running running;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        running = servers.start(temp);
    }

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
    }

    private HttpResponse<String> fetch(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(running.server().uri() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static OpenAPI parse(String text) {
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        SwaggerParseResult result = new OpenAPIParser().readContents(text, null, options);
        assertThat(result.getMessages()).as("parser messages").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        return result.getOpenAPI();
    }

    @Test
    void theServedDocumentParsesAsYamlAndAsJson() throws Exception {
        HttpResponse<String> yaml = fetch("/api/openapi.yaml");
        assertThat(yaml.statusCode()).isEqualTo(200);
        OpenAPI fromYaml = parse(yaml.body());
        HttpResponse<String> json = fetch("/api/openapi.json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
        OpenAPI fromJson = parse(json.body());
        assertThat(fromJson).isEqualTo(fromYaml);
        assertThat(fromYaml.getPaths().get("/api/v1/models/{name}/versions/{version}/artifacts/{path}").getGet()
                .getParameters()).anySatisfy(p -> assertThat(p.getDescription())
                .isEqualTo("ETags the client has: 304 when one matches"));
    }

    @Test
    void everyRouteHasAnOperationAndEveryOperationARoute() throws Exception {
        OpenAPI api = parse(fetch("/api/openapi.yaml").body());
        Set<String> documented = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(m -> documented.add(m.name() + " " + path)));
        assertThat(documented).hasSizeGreaterThan(40);
        assertThat(running.server().routeSignatures()).containsExactlyInAnyOrderElementsOf(documented);
    }

    @Test
    void everyJsonSuccessResponseHasATypedSchema() throws Exception {
        OpenAPI api = parse(fetch("/api/openapi.yaml").body());
        List<String> untyped = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, PathItem> p : api.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> o : p.getValue().readOperationsMap().entrySet()) {
                for (Map.Entry<String, ApiResponse> r : o.getValue().getResponses().entrySet()) {
                    MediaType media = r.getValue().getContent() == null ? null
                            : r.getValue().getContent().get("application/json");
                    if (!r.getKey().startsWith("2") || media == null) {
                        continue;
                    }
                    checked++;
                    String where = o.getKey() + " " + p.getKey() + " " + r.getKey();
                    if (!typed(api, media.getSchema(), new TreeSet<>())) {
                        untyped.add(where);
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(40);
        assertThat(untyped).as("responses without a typed schema").isEmpty();
    }

    @Test
    void realResponsesHaveOnlyTheDocumentedFields() throws Exception {
        running.registry().registerModel(Registration.builder("m").version("1.0.0")
                .metric("accuracy", 0.9).build());
        running.registry().setAlias("m", "production", "1.0.0");
        running.registry().lifecycle().deploy("m:1.0.0", "prod", "http://serving.example", 2);
        OpenAPI api = parse(fetch("/api/openapi.yaml").body());
        List<String> problems = new ArrayList<>();
        for (String path : List.of("/api/v1/models/{name}", "/api/v1/models/{name}/versions/{version}",
                "/api/v1/models/{name}/aliases/{alias}/history", "/api/v1/models/{name}/deployments",
                "/api/v1/models/{name}/deployments/{environment}/history", "/api/v1/models/{name}/state",
                "/api/v1/stats", "/api/v1/stage-machine", "/api/v1/audit", "/api/v1/search/models",
                "/api/v1/search/versions", "/api/v1/webhooks")) {
            String concrete = path.replace("{name}", "m").replace("{version}", "1.0.0")
                    .replace("{alias}", "production").replace("{environment}", "prod")
                    + (path.endsWith("/state") ? "?at=2100-01-01T00:00:00Z" : "");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(running.server().uri() + concrete))
                    .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(concrete + ": " + r.body()).isEqualTo(200);
            Schema<?> schema = api.getPaths().get(path).getGet().getResponses().get("200").getContent()
                    .get("application/json").getSchema();
            conforms(api, schema, new ObjectMapper().readTree(r.body()), concrete, problems);
        }
        assertThat(problems).as("fields the document does not declare").isEmpty();
    }

    /** Adds to {@code problems} every object field in {@code node} that {@code schema} does not declare. */
    @SuppressWarnings("rawtypes")
    static void conforms(OpenAPI api, Schema schema, JsonNode node, String where,
                                 List<String> problems) {
        while (schema != null && schema.get$ref() != null) {
            schema = api.getComponents().getSchemas().get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));
        }
        if (schema == null || node.isNull()) {
            return;
        }
        if (schema.getOneOf() != null) {
            List<String> best = null;
            for (Object option : schema.getOneOf()) {
                List<String> mine = new ArrayList<>();
                conforms(api, (Schema) option, node, where, mine);
                if (best == null || mine.size() < best.size()) {
                    best = mine;
                }
            }
            problems.addAll(best);
            return;
        }
        if (node.isArray()) {
            if (schema.getItems() == null) {
                problems.add(where + ": an array without typed items");
            }
            for (JsonNode item : node) {
                conforms(api, schema.getItems(), item, where + "[]", problems);
            }
        } else if (node.isObject()) {
            Map<String, Schema> properties = schema.getProperties();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (properties != null && properties.containsKey(f.getKey())) {
                    conforms(api, properties.get(f.getKey()), f.getValue(), where + "." + f.getKey(), problems);
                } else if (schema.getAdditionalProperties() instanceof Schema values) {
                    conforms(api, values, f.getValue(), where + "." + f.getKey(), problems);
                } else if (properties != null) {
                    problems.add(where + "." + f.getKey());
                }
            }
        }
    }

    /** A schema that says what it holds: properties, typed items or typed map values, a scalar type or a union. */
    @SuppressWarnings("rawtypes")
    static boolean typed(OpenAPI api, Schema schema, Set<String> seen) {
        if (schema == null) {
            return false;
        }
        if (schema.get$ref() != null) {
            String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
            if (!seen.add(name)) {
                return true; // recursive: judged where it started
            }
            return typed(api, api.getComponents().getSchemas().get(name), seen);
        }
        if (schema.getOneOf() != null || schema.getAnyOf() != null) {
            List<Schema> options = schema.getOneOf() != null ? schema.getOneOf() : schema.getAnyOf();
            return options.stream().allMatch(s -> typed(api, s, new TreeSet<>(seen)));
        }
        Set<String> types = schema.getTypes() != null ? schema.getTypes()
                : schema.getType() != null ? Set.of(schema.getType()) : Set.of();
        if (types.contains("array")) {
            return typed(api, schema.getItems(), seen);
        }
        if (types.contains("object")) {
            if (schema.getProperties() != null && !schema.getProperties().isEmpty()) {
                return true;
            }
            return schema.getAdditionalProperties() instanceof Schema s && typed(api, s, seen);
        }
        return types.stream().anyMatch(t -> Set.of("string", "number", "integer", "boolean").contains(t.toLowerCase(Locale.ROOT)));
    }
}
