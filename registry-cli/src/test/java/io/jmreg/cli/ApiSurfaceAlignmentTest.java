package io.jmreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.LineageTracker;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.RegistryAccess;
import io.jmreg.api.audit.AuditTrail;
import io.jmreg.api.lifecycle.Lifecycle;
import io.jmreg.api.search.BulkOperations;
import io.jmreg.api.search.RegistrySearch;
import io.jmreg.api.webhooks.Webhooks;
import io.jmreg.server.RegistryServer;
import io.jmreg.server.ServerOptions;
import io.jmreg.server.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's surfaces line up: every public method of {@link ModelRegistry} and of its accessor groups (found by
 * reflection, so a new method fails here until it has a row) runs a pipeline operation ({@code RegistryOperation}),
 * has a REST route the server serves, an operation in the server's published OpenAPI document (tagged with the
 * method's group) and a {@code jmreg} command (with the options it needs), or is exempt on that surface with the
 * reason written in its row. Each row also names the method's group: one set of names ({@link #GROUPS}, the accessor
 * groups' names) used by the table, the OpenAPI tags and the README's API, REST and CLI tables. Routes and commands
 * that no method accounts for must be listed with the reason too, so the table stays complete both ways.
 */
class ApiSurfaceAlignmentTest {
    /** The groups: the accessors' names, and the names the flat methods are grouped by. */
    static final Set<String> GROUPS = Set.of("models", "aliases", "artifacts", "lifecycle", "events", "registry",
            "lineage", "search", "bulk", "access", "audit", "webhooks");

    /** The accessor groups, by the accessor's name: their methods belong to that group. */
    private static final Map<Class<?>, String> ACCESSORS = Map.of(Lifecycle.class, "lifecycle",
            LineageTracker.class, "lineage",
            RegistrySearch.class, "search", BulkOperations.class, "bulk", RegistryAccess.class, "access",
            AuditTrail.class, "audit", Webhooks.class, "webhooks");

    private static final String NAME = "/api/v1/models/{name}";
    private static final String VERSION = NAME + "/versions/{version}";
    private static final String ACCESSOR = "x: an accessor: its group's methods are rows of their own";
    private static final String HANDLE = "x: the handle's identity, no operation";

    /**
     * One row per method: its signature, group, pipeline operation, REST route ({@code METHOD /path}, also looked up
     * in the OpenAPI document) and CLI command (words, then the options it needs). {@code x: reason} exempts the
     * method on that surface.
     */
    private static final List<Row> ROWS = rows(List.of(
            // models
            row("ModelRegistry.registerModel(Registration)", "models", "REGISTER", "POST " + NAME + "/versions",
                    "register"),
            row("ModelRegistry.registerModel(Registration,TransferProgress)", "models", "REGISTER",
                    "POST " + NAME + "/versions", "register"),
            row("ModelRegistry.registerModel(Registration,TransferOptions)", "models", "REGISTER",
                    "POST " + NAME + "/versions", "register"),
            row("ModelRegistry.listModels()", "models", "LIST_MODELS", "GET /api/v1/models", "list"),
            row("ModelRegistry.getModel(String)", "models", "GET_MODEL", "GET " + NAME, "info --model"),
            row("ModelRegistry.listVersions(String)", "models", "LIST_VERSIONS", "GET " + NAME + "/versions",
                    "versions"),
            row("ModelRegistry.resolve(String)", "models", "RESOLVE", "GET /api/v1/resolve", "resolve"),
            row("ModelRegistry.updateMetrics(String,Map)", "models", "UPDATE_METRICS", "POST " + VERSION + "/metrics",
                    "update --metric"),
            row("ModelRegistry.updateTags(String,Set,Set)", "models", "UPDATE_TAGS", "POST " + VERSION + "/tags",
                    "update --tag --untag"),
            row("ModelRegistry.updateDescription(String,String)", "models", "UPDATE_DESCRIPTION",
                    "PUT " + VERSION + "/description", "update --description"),
            row("ModelRegistry.updateModelDescription(String,String)", "models", "UPDATE_MODEL_DESCRIPTION",
                    "PUT " + NAME + "/description", "describe --description --description-file"),
            row("ModelRegistry.deleteVersion(String)", "models", "DELETE_VERSION", "DELETE " + VERSION, "delete"),
            // aliases
            row("ModelRegistry.setAlias(String,String,String)", "aliases", "SET_ALIAS", "PUT " + NAME + "/aliases/{alias}",
                    "alias set"),
            row("ModelRegistry.removeAlias(String,String)", "aliases", "REMOVE_ALIAS",
                    "DELETE " + NAME + "/aliases/{alias}", "alias rm"),
            row("ModelRegistry.aliases(String)", "aliases", "READ_ALIASES", "GET " + NAME + "/aliases", "alias list"),
            row("ModelRegistry.aliasHistory(String,String)", "aliases", "READ_ALIASES",
                    "GET " + NAME + "/aliases/{alias}/history", "alias history"),
            // artifacts
            row("ModelRegistry.pull(String)", "artifacts", "PULL", "GET " + VERSION + "/artifacts/{path}", "pull"),
            row("ModelRegistry.pull(String,Path)", "artifacts", "PULL", "GET " + VERSION + "/artifacts/{path}",
                    "pull --to"),
            row("ModelRegistry.pull(String,TransferProgress)", "artifacts", "PULL",
                    "GET " + VERSION + "/artifacts/{path}", "pull"),
            row("ModelRegistry.pull(String,Path,TransferProgress)", "artifacts", "PULL",
                    "GET " + VERSION + "/artifacts/{path}", "pull --to"),
            row("ModelRegistry.pull(String,TransferOptions)", "artifacts", "PULL",
                    "GET " + VERSION + "/artifacts/{path}", "pull --to"),
            row("ModelRegistry.openArtifact(String,String)", "artifacts", "OPEN_ARTIFACT",
                    "GET " + VERSION + "/artifacts/{path}", "cat"),
            row("ModelRegistry.openArtifact(String,String,long,long)", "artifacts", "OPEN_ARTIFACT",
                    "GET " + VERSION + "/artifacts/{path}", "cat --offset --length"),
            row("ModelRegistry.writeArchive(String,ArchiveFormat,OutputStream)", "artifacts", "ARCHIVE",
                    "GET " + VERSION + "/archive", "pull --archive"),
            row("ModelRegistry.verifyCache()", "artifacts", "VERIFY_CACHE",
                    "x: checks this process's own pull cache; the server's cache is not the caller's",
                    "cache verify"),
            // events
            row("ModelRegistry.addListener(RegistryListener)", "events",
                    "x: hears the commits of this instance, each event filtered by whether the principal may read it",
                    "x: in-process callbacks; the remote client's listeners hear the changes made through it",
                    "register --on-event"),
            row("ModelRegistry.watch(String,Duration,WatchListener)", "events", "RESOLVE",
                    "x: no route of its own: the remote client polls GET /api/v1/resolve", "watch --max-delay"),
            // registry
            row("ModelRegistry.collectGarbage(Duration)", "registry", "COLLECT_GARBAGE", "POST /api/v1/gc",
                    "gc --grace"),
            row("ModelRegistry.as(String)", "registry", "x: a view: its calls run as the new principal",
                    "x: the bearer token (or Jmreg-Act-As for an impersonating token) names the principal",
                    "list --as"),
            row("ModelRegistry.as(String,Map)", "registry", "x: a view: its calls run as the new principal",
                    "x: the server passes each request's source and client this way", "list --as"),
            row("ModelRegistry.principal()", "registry", HANDLE, "GET /api/v1/whoami", "whoami"),
            row("ModelRegistry.uri()", "registry", HANDLE, HANDLE, "x: the handle's identity (`whoami --json`)"),
            row("ModelRegistry.close()", "registry", "x: releases the handle", "x: releases the handle",
                    "x: every command closes its registry"),
            row("ModelRegistry.lifecycle()", "lifecycle", ACCESSOR, ACCESSOR, ACCESSOR),
            row("ModelRegistry.lineage()", "lineage", ACCESSOR, ACCESSOR, ACCESSOR),
            row("ModelRegistry.search()", "search", ACCESSOR, ACCESSOR, ACCESSOR),
            row("ModelRegistry.bulk()", "bulk", ACCESSOR, ACCESSOR, ACCESSOR),
            row("ModelRegistry.access()", "access", ACCESSOR, ACCESSOR, ACCESSOR),
            row("ModelRegistry.audit()", "audit", ACCESSOR, ACCESSOR, ACCESSOR),
            row("ModelRegistry.webhooks()", "webhooks", ACCESSOR, ACCESSOR, ACCESSOR),
            // lineage
            row("LineageTracker.parents(String)", "lineage", "LINEAGE", "GET /api/v1/lineage/{relation}", "lineage"),
            row("LineageTracker.children(String)", "lineage", "LINEAGE", "GET /api/v1/lineage/{relation}", "lineage"),
            row("LineageTracker.ancestors(String)", "lineage", "LINEAGE", "GET /api/v1/lineage/{relation}",
                    "lineage --all"),
            row("LineageTracker.descendants(String)", "lineage", "LINEAGE", "GET /api/v1/lineage/{relation}",
                    "lineage --all"),
            row("LineageTracker.fedBy(String)", "lineage", "LINEAGE", "GET /api/v1/datasets/{dataset}/consumers",
                    "lineage --dataset"),
            row("LineageTracker.graph(String)", "lineage", "LINEAGE", "GET /api/v1/lineage/{relation}",
                    "lineage --format"),
            // search
            row("RegistrySearch.versions(SearchRequest)", "search", "SEARCH", "GET /api/v1/search/versions",
                    "search --sort --limit --page-token"),
            row("RegistrySearch.models(SearchRequest)", "search", "SEARCH", "GET /api/v1/search/models",
                    "search --models"),
            row("RegistrySearch.recommend(RecommendationRequest)", "search", "SEARCH", "POST /api/v1/search/recommend",
                    "recommend --use-case"),
            row("RegistrySearch.similar(String,SimilarityBasis,int)", "search", "SEARCH", "GET /api/v1/search/similar",
                    "similar --basis --limit"),
            row("RegistrySearch.compatibleAdapters(String)", "search", "SEARCH",
                    "GET /api/v1/search/compatible-adapters", "adapters compatible"),
            row("RegistrySearch.compatibleBaseModels(String)", "search", "SEARCH",
                    "GET /api/v1/search/compatible-base-models", "adapters bases"),
            row("RegistrySearch.statistics(Period,int)", "search", "SEARCH", "GET /api/v1/stats",
                    "stats --period --inactive-days"),
            // bulk
            row("BulkOperations.apply(String,BulkChange)", "bulk", "SEARCH", "POST /api/v1/bulk",
                    "bulk tag --query --tag --untag"),
            row("BulkOperations.dryRun(String,BulkChange)", "bulk", "SEARCH", "POST /api/v1/bulk",
                    "bulk promote --query --gate --dry-run"),
            // access
            row("RegistryAccess.policy()", "access", "READ_POLICY", "GET /api/v1/policy", "policy show"),
            row("RegistryAccess.install(AccessPolicy)", "access", "CHANGE_POLICY", "PUT /api/v1/policy",
                    "policy install"),
            row("RegistryAccess.install(Path)", "access", "CHANGE_POLICY", "PUT /api/v1/policy", "policy install"),
            row("RegistryAccess.parse(String)", "access", "x: parses text; reads nothing", "POST /api/v1/policy/parse",
                    "x: `policy install` parses the file before installing it"),
            row("RegistryAccess.allowed(Permission,String)", "access",
                    "x: answers about the caller's own permissions", "GET /api/v1/access",
                    "x: not yet a command (open: `jmreg whoami` prints the principal only)"),
            // audit
            row("AuditTrail.query(AuditQuery)", "audit", "READ_AUDIT", "GET /api/v1/audit",
                    "audit log --principal --action --resource --from --to --limit --newest-first"),
            row("AuditTrail.export(AuditQuery,OutputStream)", "audit", "READ_AUDIT", "GET /api/v1/audit/export",
                    "audit export --output"),
            row("AuditTrail.verify(AuditVerification)", "audit", "VERIFY_AUDIT", "POST /api/v1/audit/verify",
                    "audit verify --trusted-key --checkpoint"),
            row("AuditTrail.checkpoint()", "audit", "SEAL_AUDIT", "POST /api/v1/audit/checkpoints", "audit checkpoint"),
            row("AuditTrail.checkpointTo(Path)", "audit", "SEAL_AUDIT", "POST /api/v1/audit/checkpoints",
                    "audit checkpoint --out"),
            row("AuditTrail.newestCheckpoint()", "audit", "READ_AUDIT", "GET /api/v1/audit/checkpoints/newest",
                    "audit checkpoint --show"),
            row("AuditTrail.recordSignInFailure(Map)", "audit",
                    "x: a front end's failed sign-in, recorded with no principal to run as",
                    "x: only in-process code (the server) records sign-ins", "x: only the server records sign-ins"),
            // webhooks
            row("Webhooks.add(WebhookRequest)", "webhooks", "MANAGE_WEBHOOKS", "POST /api/v1/webhooks",
                    "webhook add --event --models --secret-file"),
            row("Webhooks.list()", "webhooks", "READ_WEBHOOKS", "GET /api/v1/webhooks", "webhook list"),
            row("Webhooks.remove(String)", "webhooks", "MANAGE_WEBHOOKS", "DELETE /api/v1/webhooks/{id}", "webhook rm"),
            row("Webhooks.deliveries(String,int)", "webhooks", "READ_WEBHOOKS", "GET /api/v1/webhooks/{id}/deliveries",
                    "webhook deliveries --limit"),
            row("Webhooks.redeliver(String)", "webhooks", "MANAGE_WEBHOOKS",
                    "POST /api/v1/webhook-deliveries/{id}/redeliver", "webhook redeliver"),
            row("Webhooks.startDelivery(DeliverySettings)", "webhooks", "DELIVER_WEBHOOKS",
                    "x: the server delivers in its own process", "serve")),
            // lifecycle (each also a deprecated flat method of ModelRegistry with the same surfaces)
            List.of(
            row("Lifecycle.stageMachine()", "lifecycle", "READ_CONFIGURATION", "GET /api/v1/stage-machine",
                    "stage machine"),
            row("Lifecycle.promote(String,String,String[])", "lifecycle", "PROMOTE", "POST " + VERSION + "/promote",
                    "promote --gate"),
            row("Lifecycle.stageHistory(String)", "lifecycle", "STAGE_HISTORY", "GET " + VERSION + "/stage-history",
                    "stage history"),
            row("Lifecycle.approve(String,String)", "lifecycle", "APPROVE", "POST " + VERSION + "/approve",
                    "approve"),
            row("Lifecycle.pendingPromotions(String)", "lifecycle", "STAGE_HISTORY", "GET " + NAME + "/promotions",
                    "info --model"),
            row("Lifecycle.deploy(String,String,String,int)", "lifecycle", "DEPLOY",
                    "PUT " + NAME + "/deployments/{environment}", "deploy --endpoint --replicas"),
            row("Lifecycle.deploy(String,String,String,int,List)", "lifecycle", "DEPLOY",
                    "PUT " + NAME + "/deployments/{environment}", "deploy --adapter"),
            row("Lifecycle.deploy(String,String,List,String,int)", "lifecycle", "DEPLOY",
                    "PUT " + NAME + "/deployments/{environment}", "deploy --split"),
            row("Lifecycle.rollback(String,String)", "lifecycle", "ROLLBACK",
                    "POST " + NAME + "/deployments/{environment}/rollback", "rollback"),
            row("Lifecycle.deployments(String)", "lifecycle", "READ_DEPLOYMENTS", "GET " + NAME + "/deployments",
                    "info --model"),
            row("Lifecycle.deploymentHistory(String,String)", "lifecycle", "READ_DEPLOYMENTS",
                    "GET " + NAME + "/deployments/{environment}/history",
                    "deploy-history"),
            row("Lifecycle.compare(String,String,String,boolean)", "lifecycle", "COMPARE", "GET /api/v1/compare",
                    "compare --metric --lower-is-better"),
            row("Lifecycle.stateAt(String,Instant)", "lifecycle", "STATE_AT", "GET " + NAME + "/state",
                    "info --as-of")));

    /** Routes no method of the table names, with the reason. */
    private static final Map<String, String> ROUTES_WITHOUT_A_METHOD = Map.of(
            "POST /api/v1/uploads", "part of registerModel through a server: the upload its files go to",
            "PUT /api/v1/uploads/{id}/files/{path}", "part of registerModel through a server: one file",
            "DELETE /api/v1/uploads/{id}", "part of registerModel through a server: abandoning an upload",
            "GET " + VERSION, "resolve with the version in the path (the remote client uses /api/v1/resolve)");

    /** Commands no method of the table names, with the reason. */
    private static final Map<String, String> COMMANDS_WITHOUT_A_METHOD = Map.ofEntries(
            Map.entry("init", "creates a store: RegistryOptions.Builder.create"),
            Map.entry("score", "updateMetrics under evaluation.<name>"),
            Map.entry("tree", "listVersions and each version's parents, drawn"),
            Map.entry("keygen", "writes a key pair; no registry"),
            Map.entry("completion", "prints a shell script; no registry"),
            Map.entry("token", "writes a server's token file; no registry"),
            Map.entry("login", "keeps a server's token on this machine"),
            Map.entry("logout", "forgets a server's token"),
            Map.entry("export", "OCI bundles (registry-interop) over the public API"),
            Map.entry("import", "imports (registry-interop) over the public API"),
            Map.entry("help", "picocli's help"));

    @TempDir
    Path temp;

    /**
     * The rows, then the lifecycle's rows, then one row for each deprecated flat lifecycle method of
     * {@link ModelRegistry}, which delegates to its {@code lifecycle()} call and so has the same surfaces.
     */
    private static List<Row> rows(List<Row> rows, List<Row> lifecycle) {
        List<Row> all = new ArrayList<>(rows);
        all.addAll(lifecycle);
        for (Row row : lifecycle) {
            all.add(new Row(row.method().replace("Lifecycle.", "ModelRegistry."), row.group(), row.operation(),
                    row.route(), row.cli()));
        }
        return List.copyOf(all);
    }

    private static Row row(String method, String group, String operation, String route, String cli) {
        return new Row(method, group, operation, route, cli);
    }

    /** One method's surfaces. */
    private record Row(String method, String group, String operation, String route, String cli) {
        static boolean exempt(String surface) {
            return surface.startsWith("x: ");
        }
    }

    private static String signature(Class<?> group, Method m) {
        return group.getSimpleName() + "." + m.getName() + "(" + Arrays.stream(m.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(",")) + ")";
    }

    /** Every public instance method of the API and its accessor groups, by signature, with its group (null: flat). */
    private static Map<String, String> apiMethods() {
        Map<String, String> methods = new LinkedHashMap<>();
        List<Class<?>> types = new ArrayList<>();
        types.add(ModelRegistry.class);
        types.addAll(ACCESSORS.keySet());
        for (Class<?> type : types) {
            for (Method m : type.getMethods()) {
                if (!Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class) {
                    methods.put(signature(type, m), ACCESSORS.get(type));
                }
            }
        }
        return methods;
    }

    @Test
    void everyApiMethodHasAnOperationARouteAnOpenApiOperationAndACommandOrIsExemptWithAReason() throws Exception {
        Map<String, String> methods = apiMethods();
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        for (Row row : ROWS) {
            if (rows.put(row.method(), row) != null) {
                wrong.add(row.method() + ": two rows");
            }
        }
        for (String method : methods.keySet()) {
            if (!rows.containsKey(method)) {
                wrong.add(method + ": no row: give it an operation, a route, an OpenAPI operation and a command, or "
                        + "exempt it with the reason");
            }
        }
        for (String method : rows.keySet()) {
            if (!methods.containsKey(method)) {
                wrong.add(method + ": a row for a method the API does not have");
            }
        }

        Set<String> operations = registryOperations();
        CommandLine cli = Main.commandLine();
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("mem:align-" + UUID.randomUUID())
                .principal("admin").cacheDirectory(temp.resolve("cache")).build());
             RegistryServer server = RegistryServer.start(ServerOptions.builder(registry, Tokens.of(Map.of()))
                     .host("127.0.0.1").port(0).uploadDirectory(temp.resolve("uploads")).build())) {
            Set<String> routes = routes(server);
            JsonNode openApi = openApi(server);
            for (Row row : ROWS) {
                String method = row.method();
                if (!GROUPS.contains(row.group())) {
                    wrong.add(method + ": group '" + row.group() + "' is not one of " + new TreeSet<>(GROUPS));
                }
                String accessor = methods.get(method);
                if (accessor != null && !accessor.equals(row.group())) {
                    wrong.add(method + ": group '" + row.group() + "', but its accessor is " + accessor + "()");
                }
                if (!Row.exempt(row.operation()) && !operations.contains(row.operation())) {
                    wrong.add(method + ": pipeline operation " + row.operation() + " does not exist");
                }
                if (!Row.exempt(row.route())) {
                    if (!routes.contains(row.route())) {
                        wrong.add(method + ": REST route " + row.route() + " is not served");
                    }
                    JsonNode operation = openApiOperation(openApi, row.route());
                    if (operation.isMissingNode()) {
                        wrong.add(method + ": no OpenAPI operation " + row.route());
                    } else if (!tags(operation).contains(row.group())) {
                        wrong.add(method + ": OpenAPI operation " + row.route() + " is not tagged '" + row.group()
                                + "' (tags: " + tags(operation) + ")");
                    }
                }
                if (!Row.exempt(row.cli())) {
                    String problem = missingFromCli(cli, row.cli());
                    if (problem != null) {
                        wrong.add(method + ": CLI command `jmreg " + row.cli() + "`: " + problem);
                    }
                }
                for (String surface : List.of(row.operation(), row.route(), row.cli())) {
                    if (Row.exempt(surface) && surface.substring(3).isBlank()) {
                        wrong.add(method + ": exempt without a reason");
                    }
                }
            }
            Set<String> named = ROWS.stream().map(Row::route).collect(Collectors.toSet());
            for (String route : routes) {
                if (!named.contains(route) && !ROUTES_WITHOUT_A_METHOD.containsKey(route)) {
                    wrong.add(route + ": a REST route no API method names (add it to a row, or to "
                            + "ROUTES_WITHOUT_A_METHOD with the reason)");
                }
            }
            wrong.addAll(untaggedOrForeignTags(openApi));
        }
        Set<String> usedCommands = ROWS.stream().map(Row::cli).filter(c -> !Row.exempt(c))
                .map(c -> c.split(" ")[0]).collect(Collectors.toSet());
        for (String command : cli.getSubcommands().keySet()) {
            if (!usedCommands.contains(command) && !COMMANDS_WITHOUT_A_METHOD.containsKey(command)) {
                wrong.add("jmreg " + command + ": a command no API method names (add it to a row, or to "
                        + "COMMANDS_WITHOUT_A_METHOD with the reason)");
            }
        }
        Set<String> usedOperations = ROWS.stream().map(Row::operation).collect(Collectors.toSet());
        for (String operation : operations) {
            if (!usedOperations.contains(operation)) {
                wrong.add("RegistryOperation." + operation + ": no API method runs it");
            }
        }
        assertThat(wrong).as("surfaces that do not line up").isEmpty();
    }

    @Test
    void theReadmeGroupsTheApiRestAndCliTablesByTheSameGroupNames() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Map<String, Set<String>> groupsByTable = new LinkedHashMap<>();
        String table = null;
        for (String line : readme.split("\n")) {
            if (line.startsWith("| group |")) {
                table = line;
                groupsByTable.put(table, new TreeSet<>());
            } else if (table != null && line.startsWith("|")) {
                String group = line.substring(1, line.indexOf('|', 1)).trim();
                if (!group.startsWith("---")) {
                    groupsByTable.get(table).add(group.replace("`", ""));
                }
            } else {
                table = null;
            }
        }
        assertThat(groupsByTable).as("the README's tables of the API, the REST routes and the commands")
                .hasSize(3);
        groupsByTable.forEach((header, groups) -> assertThat(GROUPS).as(header).containsAll(groups));
    }

    /** The names of {@code RegistryOperation}'s constants (core is on the CLI's runtime class path only). */
    private static Set<String> registryOperations() throws ClassNotFoundException {
        Class<?> type = Class.forName("io.jmreg.core.pipeline.RegistryOperation");
        return Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The routes the server serves, {@code METHOD /path/{param}} (its route table is not public API). */
    @SuppressWarnings("unchecked")
    private static Set<String> routes(RegistryServer server) throws ReflectiveOperationException {
        Method signatures = RegistryServer.class.getDeclaredMethod("routeSignatures");
        signatures.setAccessible(true);
        return new TreeSet<>((Collection<String>) signatures.invoke(server));
    }

    /** The OpenAPI document as the server publishes it. */
    private static JsonNode openApi(RegistryServer server) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.uri() + "/api/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    private static JsonNode openApiOperation(JsonNode openApi, String route) {
        String method = route.substring(0, route.indexOf(' ')).toLowerCase(Locale.ROOT);
        String path = route.substring(route.indexOf(' ') + 1);
        return openApi.path("paths").path(path).path(method);
    }

    private static Set<String> tags(JsonNode operation) {
        Set<String> tags = new HashSet<>();
        operation.path("tags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    /** OpenAPI operations without exactly one tag, or tagged with a name that is not a group. */
    private static List<String> untaggedOrForeignTags(JsonNode openApi) {
        List<String> wrong = new ArrayList<>();
        Set<String> declared = new HashSet<>();
        openApi.path("tags").forEach(t -> declared.add(t.path("name").asText()));
        if (!declared.equals(GROUPS)) {
            wrong.add("OpenAPI: the document's tags " + new TreeSet<>(declared) + " are not the groups "
                    + new TreeSet<>(GROUPS));
        }
        openApi.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            Set<String> tags = tags(op.getValue());
            if (tags.size() != 1 || !GROUPS.containsAll(tags)) {
                wrong.add("OpenAPI: " + op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " has tags "
                        + tags + ", not one of the groups");
            }
        }));
        return wrong;
    }

    private static final Pattern WORD = Pattern.compile("\\S+");

    /** Why {@code jmreg <command>} (words, then options) does not exist, or null when it does. */
    private static String missingFromCli(CommandLine root, String command) {
        CommandLine at = root;
        Matcher words = WORD.matcher(command);
        while (words.find()) {
            String word = words.group();
            if (word.startsWith("-")) {
                CommandSpec spec = at.getCommandSpec();
                if (spec.findOption(word) == null) {
                    return "no option " + word + " on `jmreg " + spec.qualifiedName(" ").replaceFirst("^jmreg ?", "")
                            + "`";
                }
            } else {
                CommandLine sub = at.getSubcommands().get(word);
                if (sub == null) {
                    return "no command '" + word + "' (commands: " + at.getSubcommands().keySet() + ")";
                }
                at = sub;
            }
        }
        Object target = at.getCommandSpec().userObject();
        return target instanceof Callable<?> || target instanceof Runnable ? null
                : "names a group of commands, not a command";
    }
}
