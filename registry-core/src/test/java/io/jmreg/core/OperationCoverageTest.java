package io.jmreg.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.LineageTracker;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.TransferOptions;
import io.jmreg.api.TransferProgress;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Permission;
import io.jmreg.api.access.RegistryAccess;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditTrail;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.lifecycle.Lifecycle;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.ArchiveFormat;
import io.jmreg.api.model.Kind;
import io.jmreg.api.search.BulkChange;
import io.jmreg.api.search.BulkOperations;
import io.jmreg.api.search.RecommendationRequest;
import io.jmreg.api.search.RegistrySearch;
import io.jmreg.api.search.RegistryStatistics;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.api.webhooks.WebhookRequest;
import io.jmreg.api.webhooks.Webhooks;
import io.jmreg.core.pipeline.RegistryOperation;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation declares what it needs: each method of {@link ModelRegistry} and of its accessor groups (found by
 * reflection, so a new method fails this test until it is listed here) is either called as a principal the policy
 * grants nothing, and must be refused with a permission id of the vocabulary and a resource in the documented form
 * ({@code registry}, {@code model NAME} or the reference as given), or narrowed to nothing (lists), or exempt for a
 * stated reason (it reads and changes nothing of the store's models). Every {@link RegistryOperation} declares a
 * permission, except the three that touch no stored model data.
 */
class OperationCoverageTest {
    private static final Set<Class<?>> GROUPS = Set.of(ModelRegistry.class, LineageTracker.class,
            RegistrySearch.class, BulkOperations.class, Lifecycle.class, RegistryAccess.class, AuditTrail.class,
            Webhooks.class);

    /** Methods that run no operation of their own, with the reason. */
    private static final Map<String, String> EXEMPT = Map.ofEntries(
            Map.entry("ModelRegistry.principal()", "identity of the handle"),
            Map.entry("ModelRegistry.uri()", "identity of the handle"),
            Map.entry("ModelRegistry.close()", "releases the handle"),
            Map.entry("ModelRegistry.as(String)", "a view: its calls are authorized as the new principal"),
            Map.entry("ModelRegistry.as(String,Map)", "a view: its calls are authorized as the new principal"),
            Map.entry("ModelRegistry.lineage()", "accessor group: its methods are listed here"),
            Map.entry("ModelRegistry.search()", "accessor group: its methods are listed here"),
            Map.entry("ModelRegistry.bulk()", "accessor group: its methods are listed here"),
            Map.entry("ModelRegistry.access()", "accessor group: its methods are listed here"),
            Map.entry("ModelRegistry.audit()", "accessor group: its methods are listed here"),
            Map.entry("ModelRegistry.webhooks()", "accessor group: its methods are listed here"),
            Map.entry("ModelRegistry.addListener(RegistryListener)",
                    "each event is filtered by whether the principal may read its version when it happens"),
            Map.entry("ModelRegistry.verifyCache()", "unguarded operation: this process's own pull cache"),
            Map.entry("ModelRegistry.lifecycle()", "accessor group: its methods are listed here"),
            Map.entry("Lifecycle.stageMachine()", "unguarded operation: the configured state machine"),
            Map.entry("ModelRegistry.stageMachine()", "deprecated: lifecycle().stageMachine(), unguarded"),
            Map.entry("Webhooks.startDelivery(DeliverySettings)",
                    "unguarded operation: this process's delivery loop posts what subscription managers chose"),
            Map.entry("RegistryAccess.parse(String)", "parses text; reads nothing"),
            Map.entry("AuditTrail.recordSignInFailure(Map)", "a front end (the server) records a failed sign-in of an "
                    + "anonymous caller as a DENIED entry; it reads nothing and changes no model (remote: unsupported)"),
            Map.entry("RegistryAccess.allowed(Permission,String)", "answers about the caller's own permissions"));

    /** Lists that a principal without read gets empty rather than refused. */
    private static final Set<String> NARROWED = Set.of("ModelRegistry.listModels()");

    @TempDir
    Path temp;
    private ModelRegistry registry;

    @BeforeEach
    void open() throws Exception {
        registry = ModelRegistry.open(RegistryOptions.builder("mem:coverage-" + UUID.randomUUID())
                .principal("admin").cacheDirectory(temp.resolve("cache")).build());
        Path files = Files.createDirectories(temp.resolve("files"));
        Files.writeString(files.resolve("weights.bin"), "w");
        registry.registerModel(Registration.builder("m").version("1.0.0").artifacts(files).build());
        registry.registerModel(Registration.builder("a").version("1.0.0").kind(Kind.ADAPTER).build());
        registry.setAlias("m", "prod", "1.0.0");
        registry.lifecycle().deploy("m:1.0.0", "qa", "https://qa", 1);
        registry.access().install(AccessPolicy.builder().grant("admin", "model_admin").build());
    }

    @AfterEach
    void close() {
        registry.close();
    }

    /** Each method, called with sample arguments. */
    private Map<String, Function<ModelRegistry, Object>> calls() throws Exception {
        Path policyFile = Files.writeString(temp.resolve("policy.json"),
                "{\"grants\": [{\"subject\": \"admin\", \"roles\": [\"model_admin\"]}]}");
        Map<String, Function<ModelRegistry, Object>> c = new TreeMap<>();
        c.put("ModelRegistry.registerModel(Registration)", r -> r.registerModel(
                Registration.builder("m").version("9.0.0").build()));
        c.put("ModelRegistry.registerModel(Registration,TransferProgress)", r -> r.registerModel(
                Registration.builder("m").version("9.0.1").build(), TransferProgress.NONE));
        c.put("ModelRegistry.registerModel(Registration,TransferOptions)", r -> r.registerModel(
                Registration.builder("m").version("9.0.2").build(), TransferOptions.progress(TransferProgress.NONE)));
        c.put("ModelRegistry.listModels()", ModelRegistry::listModels);
        c.put("ModelRegistry.getModel(String)", r -> r.getModel("m"));
        c.put("ModelRegistry.listVersions(String)", r -> r.listVersions("m"));
        c.put("ModelRegistry.resolve(String)", r -> r.resolve("m@prod"));
        c.put("ModelRegistry.setAlias(String,String,String)", r -> r.setAlias("m", "x", "1.0.0"));
        c.put("ModelRegistry.removeAlias(String,String)", r -> {
            r.removeAlias("m", "prod");
            return null;
        });
        c.put("ModelRegistry.aliases(String)", r -> r.aliases("m"));
        c.put("ModelRegistry.aliasHistory(String,String)", r -> r.aliasHistory("m", "prod"));
        c.put("ModelRegistry.updateMetrics(String,Map)", r -> r.updateMetrics("m:1.0.0", Map.of("acc", 1.0)));
        c.put("ModelRegistry.updateTags(String,Set,Set)", r -> r.updateTags("m:1.0.0", Set.of("t"), Set.of()));
        c.put("ModelRegistry.updateDescription(String,String)", r -> r.updateDescription("m:1.0.0", "# Card"));
        c.put("ModelRegistry.updateModelDescription(String,String)", r -> r.updateModelDescription("m", "# Card"));
        c.put("ModelRegistry.deleteVersion(String)", r -> {
            r.deleteVersion("m:1.0.0");
            return null;
        });
        c.put("ModelRegistry.pull(String)", r -> r.pull("m:1.0.0"));
        c.put("ModelRegistry.pull(String,Path)", r -> r.pull("m:1.0.0", temp.resolve("p1")));
        c.put("ModelRegistry.pull(String,TransferProgress)", r -> r.pull("m:1.0.0", TransferProgress.NONE));
        c.put("ModelRegistry.pull(String,TransferOptions)", r -> r.pull("m:1.0.0",
                TransferOptions.builder().directory(temp.resolve("p3")).build()));
        c.put("ModelRegistry.pull(String,Path,TransferProgress)", r -> r.pull("m:1.0.0", temp.resolve("p2"),
                TransferProgress.NONE));
        c.put("ModelRegistry.openArtifact(String,String)", r -> r.openArtifact("m:1.0.0", "weights.bin"));
        c.put("ModelRegistry.openArtifact(String,String,long,long)", r -> r.openArtifact("m:1.0.0", "weights.bin",
                0, 1));
        c.put("ModelRegistry.writeArchive(String,ArchiveFormat,OutputStream)", r -> {
            r.writeArchive("m:1.0.0", ArchiveFormat.ZIP, OutputStream.nullOutputStream());
            return null;
        });
        c.put("Lifecycle.promote(String,String,String[])", r -> r.lifecycle().promote("m:1.0.0", "testing"));
        c.put("Lifecycle.stageHistory(String)", r -> r.lifecycle().stageHistory("m:1.0.0"));
        c.put("Lifecycle.approve(String,String)", r -> r.lifecycle().approve("m:1.0.0", "testing"));
        c.put("Lifecycle.pendingPromotions(String)", r -> r.lifecycle().pendingPromotions("m"));
        c.put("Lifecycle.deploy(String,String,String,int)", r -> r.lifecycle().deploy("m:1.0.0", "e", "https://e", 1));
        c.put("Lifecycle.deploy(String,String,String,int,List)", r -> r.lifecycle().deploy("m:1.0.0", "e", "https://e",
                1,
                List.of("a")));
        c.put("Lifecycle.deploy(String,String,List,String,int)", r -> r.lifecycle().deploy("m", "e",
                List.of(new TrafficSplit("1.0.0", 100)), "https://e", 1));
        c.put("Lifecycle.rollback(String,String)", r -> r.lifecycle().rollback("m", "qa"));
        c.put("Lifecycle.deployments(String)", r -> r.lifecycle().deployments("m"));
        c.put("Lifecycle.deploymentHistory(String,String)", r -> r.lifecycle().deploymentHistory("m", "qa"));
        c.put("Lifecycle.compare(String,String,String,boolean)", r -> r.lifecycle().compare("m:1.0.0", "m:1.0.0", "acc",
                true));
        c.put("Lifecycle.stateAt(String,Instant)", r -> r.lifecycle().stateAt("m", Instant.now()));
        c.put("ModelRegistry.watch(String,Duration,WatchListener)", r -> r.watch("m@prod", Duration.ofSeconds(1),
                (was, is) -> { }));
        c.put("ModelRegistry.collectGarbage(Duration)", r -> r.collectGarbage(Duration.ofDays(1)));
        c.put("LineageTracker.parents(String)", r -> r.lineage().parents("m:1.0.0"));
        c.put("LineageTracker.children(String)", r -> r.lineage().children("m:1.0.0"));
        c.put("LineageTracker.ancestors(String)", r -> r.lineage().ancestors("m:1.0.0"));
        c.put("LineageTracker.descendants(String)", r -> r.lineage().descendants("m:1.0.0"));
        c.put("LineageTracker.fedBy(String)", r -> r.lineage().fedBy("data"));
        c.put("LineageTracker.graph(String)", r -> r.lineage().graph("m:1.0.0"));
        c.put("RegistrySearch.versions(SearchRequest)", r -> r.search().versions(SearchRequest.of("")));
        c.put("RegistrySearch.models(SearchRequest)", r -> r.search().models(SearchRequest.of("")));
        c.put("RegistrySearch.recommend(RecommendationRequest)", r -> r.search().recommend(
                RecommendationRequest.forUseCase("x")));
        c.put("RegistrySearch.similar(String,SimilarityBasis,int)", r -> r.search().similar("m:1.0.0",
                RegistrySearch.SimilarityBasis.TAGS, 3));
        c.put("RegistrySearch.compatibleAdapters(String)", r -> r.search().compatibleAdapters("m:1.0.0"));
        c.put("RegistrySearch.compatibleBaseModels(String)", r -> r.search().compatibleBaseModels("a:1.0.0"));
        c.put("RegistrySearch.statistics(Period,int)", r -> r.search().statistics(RegistryStatistics.Period.DAY, 30));
        c.put("BulkOperations.apply(String,BulkChange)", r -> r.bulk().apply("name:m", BulkChange.tags(Set.of("t"),
                Set.of())));
        c.put("BulkOperations.dryRun(String,BulkChange)", r -> r.bulk().dryRun("name:m", BulkChange.delete()));
        c.put("RegistryAccess.policy()", r -> r.access().policy());
        c.put("RegistryAccess.install(AccessPolicy)", r -> r.access().install(
                AccessPolicy.builder().grant("nobody", "model_admin").build()));
        c.put("RegistryAccess.install(Path)", r -> r.access().install(policyFile));
        c.put("AuditTrail.query(AuditQuery)", r -> r.audit().query(AuditQuery.all()));
        c.put("AuditTrail.export(AuditQuery,OutputStream)", r -> r.audit().export(AuditQuery.all(),
                OutputStream.nullOutputStream()));
        c.put("AuditTrail.verify(AuditVerification)", r -> r.audit().verify(AuditVerification.trusting()));
        c.put("AuditTrail.checkpoint()", r -> r.audit().checkpoint());
        c.put("AuditTrail.checkpointTo(Path)", r -> r.audit().checkpointTo(temp.resolve("checkpoint.json")));
        c.put("AuditTrail.newestCheckpoint()", r -> r.audit().newestCheckpoint());
        c.put("AuditTrail.checkpointTo(Path)", r -> r.audit().checkpointTo(temp.resolve("checkpoint.json")));
        c.put("Webhooks.add(WebhookRequest)", r -> r.webhooks().add(new WebhookRequest("https://example.org/hook",
                Set.of(), null, "0123456789abcdef0123")));
        c.put("Webhooks.list()", r -> r.webhooks().list());
        c.put("Webhooks.remove(String)", r -> {
            r.webhooks().remove("wh-1");
            return null;
        });
        c.put("Webhooks.deliveries(String,int)", r -> r.webhooks().deliveries("wh-1", 10));
        c.put("Webhooks.redeliver(String)", r -> r.webhooks().redeliver("d-1"));
        deprecatedLifecycle(c);
        return c;
    }

    /** The deprecated flat lifecycle methods of {@link ModelRegistry}: each delegates to its {@code lifecycle()} call. */
    @SuppressWarnings("deprecation")
    private static void deprecatedLifecycle(Map<String, Function<ModelRegistry, Object>> c) {
        c.put("ModelRegistry.promote(String,String,String[])", r -> r.promote("m:1.0.0", "testing"));
        c.put("ModelRegistry.stageHistory(String)", r -> r.stageHistory("m:1.0.0"));
        c.put("ModelRegistry.approve(String,String)", r -> r.approve("m:1.0.0", "testing"));
        c.put("ModelRegistry.pendingPromotions(String)", r -> r.pendingPromotions("m"));
        c.put("ModelRegistry.deploy(String,String,String,int)", r -> r.deploy("m:1.0.0", "e", "https://e", 1));
        c.put("ModelRegistry.deploy(String,String,String,int,List)", r -> r.deploy("m:1.0.0", "e", "https://e", 1,
                List.of("a")));
        c.put("ModelRegistry.deploy(String,String,List,String,int)", r -> r.deploy("m", "e",
                List.of(new TrafficSplit("1.0.0", 100)), "https://e", 1));
        c.put("ModelRegistry.rollback(String,String)", r -> r.rollback("m", "qa"));
        c.put("ModelRegistry.deployments(String)", r -> r.deployments("m"));
        c.put("ModelRegistry.deploymentHistory(String,String)", r -> r.deploymentHistory("m", "qa"));
        c.put("ModelRegistry.compare(String,String,String,boolean)", r -> r.compare("m:1.0.0", "m:1.0.0", "acc",
                true));
        c.put("ModelRegistry.stateAt(String,Instant)", r -> r.stateAt("m", Instant.now()));
    }

    private static String signature(Class<?> group, Method m) {
        return group.getSimpleName() + "." + m.getName() + "(" + Arrays.stream(m.getParameterTypes())
                .map(Class::getSimpleName).map(n -> n.replace("[]", "[]")).collect(Collectors.joining(",")) + ")";
    }

    @Test
    void everyMethodOfTheApiAndItsGroupsIsDescribedOrExemptForAStatedReason() throws Exception {
        Set<String> methods = new TreeSet<>();
        for (Class<?> group : GROUPS) {
            for (Method m : group.getMethods()) {
                if (!Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class
                        && !m.getDeclaringClass().equals(AutoCloseable.class)) {
                    methods.add(signature(group, m));
                }
            }
        }
        methods.add("ModelRegistry.close()");
        Set<String> listed = new TreeSet<>(calls().keySet());
        listed.addAll(EXEMPT.keySet());
        assertThat(methods).as("methods with neither a call nor an exemption here").isSubsetOf(listed);
        assertThat(listed).as("listed here but not in the API").isSubsetOf(methods);
    }

    @Test
    void everyDescribedCallIsRefusedToAPrincipalGrantedNothingWithAPermissionIdAndAResourceOfTheDocumentedForm()
            throws Exception {
        Set<String> ids = Arrays.stream(Permission.values()).map(Permission::id).collect(Collectors.toSet());
        ModelRegistry nobody = registry.as("nobody");
        List<String> wrong = new ArrayList<>();
        calls().forEach((name, call) -> {
            Object result;
            try {
                result = call.apply(nobody);
            } catch (AccessDeniedException e) {
                if (!ids.contains(e.permission())) {
                    wrong.add(name + ": permission '" + e.permission() + "' is not a permission id");
                }
                if (!e.resource().equals("registry") && !e.resource().matches("model \\S+")
                        && !e.resource().matches("\\S+")) {
                    wrong.add(name + ": resource '" + e.resource() + "' is not of the documented form");
                }
                return;
            } catch (RuntimeException e) {
                wrong.add(name + ": " + e + " instead of a refusal");
                return;
            }
            if (!NARROWED.contains(name)) {
                wrong.add(name + ": allowed, returned " + result);
            } else if (!(result instanceof Collection<?> list && list.isEmpty())) {
                wrong.add(name + ": not narrowed to nothing: " + result);
            }
        });
        assertThat(wrong).isEmpty();
        assertThat(registry.resolve("m@prod").version()).isEqualTo("1.0.0");
        assertThat(registry.listVersions("m")).hasSize(1);
    }

    @Test
    void everyOperationDeclaresItsPermissionExceptTheThreeThatTouchNoStoredModelData() {
        Set<RegistryOperation> unguarded = EnumSet.noneOf(RegistryOperation.class);
        for (RegistryOperation op : RegistryOperation.values()) {
            if (op.unguarded()) {
                unguarded.add(op);
            }
        }
        assertThat(unguarded).containsExactlyInAnyOrder(RegistryOperation.VERIFY_CACHE,
                RegistryOperation.READ_CONFIGURATION, RegistryOperation.DELIVER_WEBHOOKS);
    }
}
