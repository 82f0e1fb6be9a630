package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.audit.AuditCheckpoint;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.lifecycle.Comparison;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.ModelSnapshot;
import io.jmreg.api.lifecycle.PromotionRequest;
import io.jmreg.api.lifecycle.StageChange;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.model.AliasChange;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ArtifactManifest;
import io.jmreg.api.model.GcReport;
import io.jmreg.api.model.LineageGraph;
import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.BulkResult;
import io.jmreg.api.search.Recommendations;
import io.jmreg.api.search.RegistryStatistics;
import io.jmreg.api.search.SearchPage;
import io.jmreg.api.search.Similar;
import io.jmreg.api.webhooks.WebhookDelivery;
import io.jmreg.api.webhooks.WebhookSubscription;
import io.jmreg.wire.Requests;
import io.jmreg.wire.WireJson;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * One golden JSON document per HTTP response type ({@code src/test/resources/wire-golden/<Schema>.json}): a value of
 * the type with every field set is written by the wire exactly as the golden file (a renamed, added or dropped field
 * fails here), it reads back into the type and writes the same document again, and every golden file conforms to its OpenAPI schema (no field the document does not declare, every
 * required one present). A new response type adds a golden file, written once with {@code -Dwire.golden.write=true}.
 */
class WireGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/wire-golden");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each OpenAPI response schema and the Java type the server writes for it. */
    static Map<String, Type> responseTypes() {
        Map<String, Type> t = new LinkedHashMap<>();
        t.put("AccessPolicy", AccessPolicy.class);
        t.put("AliasChangeList", list(AliasChange.class));
        t.put("Allowed", Requests.Allowed.class);
        t.put("AuditCheckpoint", AuditCheckpoint.class);
        t.put("AuditEntriesPage", Requests.AuditPage.class);
        t.put("AuditReport", AuditReport.class);
        t.put("BulkResult", BulkResult.class);
        t.put("Comparison", Comparison.class);
        t.put("Delivery", WebhookDelivery.class);
        t.put("DeliveryList", list(WebhookDelivery.class));
        t.put("EnvironmentDeployment", EnvironmentDeployment.class);
        t.put("EnvironmentDeploymentList", list(EnvironmentDeployment.class));
        t.put("EnvironmentDeploymentsPage", Requests.DeploymentPage.class);
        t.put("GcReport", GcReport.class);
        t.put("LineageGraph", LineageGraph.class);
        t.put("ModelNamesPage", Requests.ModelPage.class);
        t.put("ModelPage", generic(SearchPage.class, ModelSummary.class));
        t.put("ModelSnapshot", ModelSnapshot.class);
        t.put("ModelSummary", ModelSummary.class);
        t.put("ModelVersion", ModelVersion.class);
        t.put("ModelVersionList", list(ModelVersion.class));
        t.put("ModelVersionsPage", Requests.VersionPage.class);
        t.put("Principal", Requests.Principal.class);
        t.put("PromotionRequestList", list(PromotionRequest.class));
        t.put("Recommendations", Recommendations.class);
        t.put("SimilarList", list(Similar.class));
        t.put("StageChangeList", list(StageChange.class));
        t.put("StageMachine", StageMachine.class);
        t.put("Statistics", RegistryStatistics.class);
        t.put("UploadCreated", Requests.UploadCreated.class);
        t.put("VersionPage", generic(SearchPage.class, ModelVersion.class));
        t.put("Webhook", WebhookSubscription.class);
        t.put("WebhookList", list(WebhookSubscription.class));
        t.put("Error", Requests.Error.class);
        return t;
    }

    private static Type list(Class<?> element) {
        return generic(List.class, element);
    }

    private static Type generic(Class<?> raw, Type argument) {
        return new ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return new Type[] {argument};
            }

            @Override
            public Type getRawType() {
                return raw;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }
        };
    }

    @Test
    void everyResponseTypeIsWrittenAsItsGoldenJsonAndTheGoldenJsonConformsToItsSchema() throws Exception {
        OpenAPI api = openApi();
        boolean write = Boolean.getBoolean("wire.golden.write");
        Map<String, String> problems = new TreeMap<>();
        for (Map.Entry<String, Type> e : responseTypes().entrySet()) {
            String schema = e.getKey();
            assertThat(api.getComponents().getSchemas()).as("schema " + schema).containsKey(schema);
            JsonNode written = JSON.readTree(WireJson.write(sample(e.getValue(), "", 0)));
            Path file = GOLDEN.resolve(schema + ".json");
            if (write && !Files.exists(file)) {
                Files.createDirectories(GOLDEN);
                Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(written) + "\n");
            }
            assertThat(file).as("golden JSON of " + schema).exists();
            JsonNode golden = JSON.readTree(Files.readString(file));
            if (!golden.equals(written)) {
                problems.put(schema, "written " + written + "\n  golden  " + golden);
            }
            JsonNode reread = JSON.readTree(WireJson.write(WireJson.read(Files.readAllBytes(file), e.getValue())));
            if (!golden.equals(reread)) {
                problems.put(schema + " (read back)", "read and written again " + reread);
            }
            List<String> undeclared = new ArrayList<>();
            OpenApiContractTest.conforms(api, api.getComponents().getSchemas().get(schema), golden, schema, undeclared);
            if (!undeclared.isEmpty()) {
                problems.put(schema + " (schema)", "fields the OpenAPI schema does not declare: " + undeclared);
            }
            Schema<?> s = api.getComponents().getSchemas().get(schema);
            if (s.getRequired() != null) {
                for (String required : s.getRequired()) {
                    if (!golden.has(required)) {
                        problems.put(schema + " (required)", "golden JSON lacks required " + required);
                    }
                }
            }
        }
        assertThat(problems).as("wire shape against golden JSON and OpenAPI").isEmpty();
    }

    @Test
    void everyJsonResponseSchemaOfTheDocumentHasAGoldenType() throws Exception {
        OpenAPI api = openApi();
        // answered with plain maps built by the route (no API type), or a union of two types that have golden files
        Set<String> exempt = Set.of("StringMap", "UploadedFile", "LineageAnswer");
        Set<String> schemas = new TreeSet<>();
        api.getPaths().values().forEach(item -> item.readOperations().forEach(op -> op.getResponses().forEach((code, r) -> {
            if (code.startsWith("2") && r.getContent() != null && r.getContent().get("application/json") != null) {
                String ref = r.getContent().get("application/json").getSchema().get$ref();
                schemas.add(ref.substring(ref.lastIndexOf('/') + 1));
            }
        })));
        assertThat(schemas).hasSizeGreaterThan(30);
        schemas.removeAll(exempt);
        assertThat(responseTypes().keySet()).containsAll(schemas);
    }

    private static OpenAPI openApi() throws Exception {
        try (InputStream in = RegistryServer.class.getResourceAsStream("/io/jmreg/server/openapi.yaml")) {
            ParseOptions options = new ParseOptions();
            options.setResolve(false);
            return new OpenAPIParser().readContents(new String(in.readAllBytes(), StandardCharsets.UTF_8), null,
                    options).getOpenAPI();
        }
    }

    /** A value of {@code type} with every field set, the same every run. */
    static Object sample(Type type, String name, int depth) throws Exception {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw) || raw == Collection.class) {
                return depth > 4 ? List.of() : List.of(sample(args[0], name, depth + 1));
            }
            if (Set.class.isAssignableFrom(raw)) {
                return depth > 4 ? Set.of() : Set.of(sample(args[0], name, depth + 1));
            }
            if (Map.class.isAssignableFrom(raw)) {
                Object key = args[0] == String.class ? name.toLowerCase(Locale.ROOT).contains("stage") ? "staging" : "fraud" : sample(args[0], name, depth + 1);
                return depth > 4 ? Map.of() : Map.of(key, sample(args[1], name, depth + 1));
            }
            if (raw.isRecord()) {
                return record(raw, args, depth);
            }
            return sample(raw, name, depth);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return string(name);
        }
        if (c == int.class || c == Integer.class) {
            return 3;
        }
        if (c == long.class || c == Long.class) {
            return 42L;
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            return 0.5;
        }
        if (c == boolean.class || c == Boolean.class) {
            return true;
        }
        if (c == Instant.class) {
            return Instant.parse("2026-01-02T03:04:05Z");
        }
        if (c == Duration.class) {
            return Duration.ofMinutes(5);
        }
        if (c == URI.class) {
            return URI.create("https://serving.example/fraud");
        }
        if (c == Object.class) {
            return "value";
        }
        if (c.isEnum()) {
            return c.getEnumConstants()[0];
        }
        if (c.isRecord()) {
            return record(c, new Type[0], depth);
        }
        if (c.isInterface() && c.isSealed()) {
            return sample(c.getPermittedSubclasses()[0], name, depth);
        }
        if (List.class.isAssignableFrom(c)) {
            return List.of();
        }
        if (Map.class.isAssignableFrom(c)) {
            return Map.of();
        }
        throw new AssertionError("no sample for " + c + " (" + name + ")");
    }

    @SuppressWarnings("unchecked")
    private static Object record(Class<?> c, Type[] typeArgs, int depth) throws Exception {
        if (c == StageMachine.class) { // its stages and transitions must name each other
            return StageMachine.defaults();
        }
        if (c == ArtifactManifest.class) { // its digest is computed from its files
            return ArtifactManifest.of((List<ArtifactFile>)
                    sample(list(ArtifactFile.class), "files", depth + 1));
        }
        RecordComponent[] components = c.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            Type t = components[i].getGenericType();
            if (t instanceof TypeVariable<?> && typeArgs.length > 0) {
                t = typeArgs[0];
            } else if (t instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof TypeVariable<?>
                    && typeArgs.length > 0) {
                t = list((Class<?>) typeArgs[0]);
            }
            values[i] = sample(t, components[i].getName(), depth + 1);
            types[i] = components[i].getType();
        }
        Constructor<?> canonical = c.getDeclaredConstructor(types);
        canonical.setAccessible(true);
        try {
            return canonical.newInstance(values);
        } catch (InvocationTargetException e) {
            throw new AssertionError("cannot build a sample " + c.getSimpleName() + ": " + e.getCause(), e.getCause());
        }
    }

    private static String string(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("sha256") || n.contains("digest") || n.contains("hash") || n.contains("chunk")) {
            return "2168cf69380116fa1bf8f315f57390565d3b682f6c6fd7851b90dacccc1d4bb2";
        }
        if (n.equals("version") || n.endsWith("version") || n.equals("from") || n.equals("to")) {
            return "1.2.0";
        }
        if (n.equals("keyid") || n.equals("key_id")) {
            return "0123456789abcdef";
        }
        if (n.equals("kind")) {
            return "not_found";
        }
        if (n.startsWith("role")) {
            return "fraud";
        }
        if (n.startsWith("permission")) {
            return "models:read";
        }
        if (n.equals("name") || n.equals("model") || n.equals("models")) {
            return "fraud";
        }
        if (n.contains("reference")) {
            return "fraud:1.2.0";
        }
        if (n.contains("stage") || n.equals("initial") || n.equals("stages")) {
            return "staging";
        }
        if (n.contains("url") || n.contains("endpoint") || n.contains("uri")) {
            return "https://hooks.example/jmreg";
        }
        if (n.contains("time") || n.endsWith("at")) {
            return "2026-01-02T03:04:05Z";
        }
        return name.isEmpty() ? "value" : name.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }
}
