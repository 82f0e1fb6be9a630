package io.jmreg.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Scope;
import io.jmreg.api.audit.AuditEntry.Outcome;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.events.Subscription;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.GateFailedException;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.lifecycle.Approval;
import io.jmreg.api.lifecycle.Operation;
import io.jmreg.api.lifecycle.StageDefinition;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.Tier;
import io.jmreg.api.search.BulkChange;
import io.jmreg.api.search.BulkResult;
import io.jmreg.api.search.RegistryStatistics.Period;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access control behaves alike on every backend: the permission matrix of the built-in roles over the API's
 * operations (models and adapters), scoped grants, custom roles, narrowed lists and searches, no existence oracle,
 * policy changes only with {@code access_control:manage}, and denials that change nothing.
 */
public abstract class AccessControlContract {
    /** For subclasses that bind the suite to a backend. */
    protected AccessControlContract() {
    }

    /** The URI of a fresh, empty store for this test (it may use {@code temp}). */
    protected abstract String storeUri(Path temp) throws Exception;

    /**
     * Opens a registry with {@code options} (on a store {@link #storeUri} made, or on the URI of a registry this
     * suite opened); a run through a server overrides it to open a client of a server over that store.
     */
    protected ModelRegistry openRegistry(RegistryOptions options) {
        return ModelRegistry.open(options);
    }

    /** Scratch space. */
    @TempDir
    protected Path temp;
    private ModelRegistry registry;
    private String store;
    private final AtomicInteger counter = new AtomicInteger();

    private static final List<String> PRINCIPALS = List.of("dev", "eng", "admin", "view", "nobody");

    @BeforeEach
    void open() throws Exception {
        store = storeUri(temp);
        registry = openRegistry(RegistryOptions.builder(store).principal("admin")
                .cacheDirectory(temp.resolve("cache")).staleness(Duration.ZERO).build());
        Path files = Files.createDirectories(temp.resolve("files"));
        Files.writeString(files.resolve("weights.bin"), "w");
        registry.registerModel(Registration.builder("m").version("1.0.0").artifacts(files).build());
        registry.registerModel(Registration.builder("a").version("1.0.0").kind(Kind.ADAPTER).build());
        registry.access().install(AccessPolicy.builder().grant("dev", "model_developer").grant("eng", "ml_engineer")
                .grant("admin", "model_admin").grant("view", "viewer").build());
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private String fresh() {
        return "1." + counter.incrementAndGet() + ".0";
    }

    /** Each operation with the principals expected to be allowed it. */
    private Map<String, Map.Entry<Set<String>, Consumer<ModelRegistry>>> operations() {
        Map<String, Map.Entry<Set<String>, Consumer<ModelRegistry>>> ops = new LinkedHashMap<>();
        Set<String> readers = Set.of("dev", "eng", "admin", "view");
        ops.put("resolve", Map.entry(readers, r -> r.resolve("m:1.0.0")));
        ops.put("getModel", Map.entry(readers, r -> r.getModel("m")));
        ops.put("listVersions", Map.entry(readers, r -> r.listVersions("m")));
        ops.put("aliases", Map.entry(readers, r -> r.aliases("m")));
        ops.put("pull", Map.entry(readers, r -> r.pull("m:1.0.0", temp.resolve("pull-" + counter.incrementAndGet()))));
        ops.put("compare", Map.entry(readers, r -> r.lifecycle().compare("m:1.0.0", "m:1.0.0", "acc", true)));
        ops.put("deployments", Map.entry(readers, r -> r.lifecycle().deployments("m")));
        ops.put("resolve adapter", Map.entry(readers, r -> r.resolve("a:1.0.0")));
        ops.put("register", Map.entry(Set.of("dev", "admin"),
                r -> r.registerModel(Registration.builder("m").version(fresh()).build())));
        ops.put("register adapter", Map.entry(Set.of("dev", "admin"),
                r -> r.registerModel(Registration.builder("a").version(fresh()).kind(Kind.ADAPTER).build())));
        ops.put("updateTags", Map.entry(Set.of("dev", "admin"), r -> r.updateTags("m:1.0.0", Set.of("t"), Set.of())));
        ops.put("updateMetrics", Map.entry(Set.of("dev", "admin"), r -> r.updateMetrics("m:1.0.0", Map.of("acc", 0.5))));
        ops.put("updateTags adapter", Map.entry(Set.of("dev", "admin"), r -> r.updateTags("a:1.0.0", Set.of("t"), Set.of())));
        ops.put("setAlias", Map.entry(Set.of("eng", "admin"), r -> r.setAlias("m", "champion", "1.0.0")));
        ops.put("setAlias adapter", Map.entry(Set.of("eng", "admin"), r -> r.setAlias("a", "champion", "1.0.0")));
        ops.put("deploy", Map.entry(Set.of("eng", "admin"), r -> r.lifecycle().deploy("m:1.0.0", "staging", "https://x", 1)));
        ops.put("promote", Map.entry(Set.of("eng", "admin"), r -> {
            String v = fresh();
            registry.registerModel(Registration.builder("m").version(v).build());
            r.lifecycle().promote("m:" + v, "testing");
        }));
        ops.put("delete another's version", Map.entry(Set.of("admin"), r -> {
            String v = fresh();
            registry.registerModel(Registration.builder("m").version(v).build()); // created by admin
            r.deleteVersion("m:" + v);
        }));
        ops.put("search", Map.entry(readers, r -> r.search().versions(SearchRequest.of(""))));
        ops.put("statistics", Map.entry(readers, r -> r.search().statistics(
                Period.DAY, 30)));
        ops.put("collectGarbage", Map.entry(Set.of("admin"), r -> r.collectGarbage(Duration.ofDays(1))));
        ops.put("read policy", Map.entry(Set.of("admin"), r -> r.access().policy()));
        ops.put("query audit", Map.entry(Set.of("admin"), r -> r.audit().query(AuditQuery.all())));
        ops.put("export audit", Map.entry(Set.of("admin"), r -> r.audit().export(AuditQuery.all(),
                OutputStream.nullOutputStream())));
        ops.put("verify audit", Map.entry(Set.of("admin"), r -> r.audit().verify(
                AuditVerification.trusting())));
        ops.put("install policy", Map.entry(Set.of("admin"), r -> r.access().install(registry.access().policy()
                .orElseThrow())));
        return ops;
    }

    @Test
    void theBuiltInRolesAllowExactlyTheirPermissions() {
        List<String> wrong = new ArrayList<>();
        List<String> denials = new ArrayList<>();
        operations().forEach((name, expectation) -> {
            for (String principal : PRINCIPALS) {
                boolean allowed;
                try {
                    expectation.getValue().accept(registry.as(principal));
                    allowed = true;
                } catch (AccessDeniedException e) {
                    allowed = false;
                    assertThat(e.principal()).isEqualTo(principal);
                    assertThat(e.getMessage()).contains(principal).contains(e.permission());
                    denials.add(principal + " " + e.permission());
                }
                if (allowed != expectation.getKey().contains(principal)) {
                    wrong.add(name + " by " + principal + (allowed ? " was allowed" : " was denied"));
                }
            }
        });
        assertThat(wrong).as("operations allowed or denied against the roles' permissions").isEmpty();
        assertThat(registry.audit().query(AuditQuery.all()).stream()
                .filter(e -> e.outcome() == Outcome.DENIED)
                .map(e -> e.principal() + " " + e.details().get("permission")).toList())
                .as("every denial is audited, with principal and permission").isEqualTo(denials);
    }

    @Test
    void aDeveloperDeletesItsOwnVersionsOnly() {
        ModelRegistry dev = registry.as("dev");
        ModelVersion own = dev.registerModel(Registration.builder("m").version("2.0.0").build());
        registry.registerModel(Registration.builder("m").version("2.1.0").build());
        dev.deleteVersion(own.reference());
        assertThatThrownBy(() -> dev.deleteVersion("m:2.1.0")).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("models:delete");
        assertThat(registry.listVersions("m")).extracting(ModelVersion::version).contains("2.1.0")
                .doesNotContain("2.0.0");
    }

    @Test
    void aDenialChangesNothingAndNamesPrincipalPermissionAndResource() {
        assertThatThrownBy(() -> registry.as("view").setAlias("m", "production", "1.0.0"))
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                    assertThat(e.principal()).isEqualTo("view");
                    assertThat(e.permission()).isEqualTo("models:deploy");
                    assertThat(e.resource()).contains("m");
                });
        assertThat(registry.aliases("m")).isEmpty();
        assertThat(registry.getModel("m").sequence()).isEqualTo(1);
    }

    @Test
    void scopedGrantsAndCustomRolesNarrowWhatIsSeenAndDone() {
        registry.registerModel(Registration.builder("medical/triage").version("1.0.0").build());
        registry.registerModel(Registration.builder("medical/notes").version("1.0.0").build());
        registry.registerModel(Registration.builder("medicalish").version("1.0.0").build());
        registry.access().install(AccessPolicy.builder().grant("admin", "model_admin")
                .grant("alice", Scope.models("medical/*"), "model_developer")
                .grant("alice", "registry_searcher")
                .role("registry_searcher", "registry:search")
                .role("auditor", "models:read").grant("audit", "auditor")
                .role("model_deployer", "models:deploy").grant("md", "model_deployer").build());
        registry.as("md").setAlias("m", "champion", "1.0.0");
        assertThatThrownBy(() -> registry.as("md").setAlias("a", "champion", "1.0.0"))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("adapters:deploy");
        ModelRegistry alice = registry.as("alice");
        alice.registerModel(Registration.builder("medical/triage").version("2.0.0").build());
        assertThatThrownBy(() -> alice.registerModel(Registration.builder("medicalish").version("2.0.0").build()))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("models:create");
        assertThat(alice.listModels()).containsExactly("medical/notes", "medical/triage");
        assertThat(alice.search().versions(SearchRequest.of("name:medical*")).items()).extracting(ModelVersion::reference)
                .containsExactly("medical/notes:1.0.0", "medical/triage:1.0.0", "medical/triage:2.0.0");
        assertThat(alice.search().versions(SearchRequest.of("")).total()).isEqualTo(3);
        ModelRegistry audit = registry.as("audit");
        assertThat(audit.resolve("medicalish:1.0.0").version()).isEqualTo("1.0.0");
        assertThatThrownBy(() -> audit.search().versions(SearchRequest.of(""))).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("registry:search");
    }

    @Test
    void aPrincipalSeesAndLoadsOnlyVersionsOfItsTierAndBelow() throws Exception {
        registry.registerModel(Registration.builder("m").version("1.5.0").tier(Tier.STANDARD).build());
        registry.registerModel(Registration.builder("m").version("2.0.0").tier(Tier.PROFESSIONAL)
                .build());
        registry.registerModel(Registration.builder("secret").version("1.0.0").tier(Tier.PROFESSIONAL)
                .build());
        registry.setAlias("m", "production", "2.0.0");
        registry.setAlias("m", "candidate", "1.5.0");
        registry.access().install(AccessPolicy.builder().grant("admin", "model_admin").grant("*", "viewer")
                .tier("std", Tier.STANDARD).tier("lite", Tier.LITE).build());
        ModelRegistry std = registry.as("std");
        assertThat(std.resolve("m").version()).as("latest among visible versions").isEqualTo("1.5.0");
        assertThat(std.resolve("m:^1.0").version()).isEqualTo("1.5.0");
        assertThat(std.resolve("m@candidate").version()).isEqualTo("1.5.0");
        // a version above the principal's tier is answered exactly as a missing one
        assertThatThrownBy(() -> std.resolve("m@production")).isInstanceOf(VersionNotFoundException.class)
                .hasMessage(catchThrowable(() -> std.resolve("m@nope")).getMessage().replace("nope", "production"));
        assertThatThrownBy(() -> std.resolve("m:2.0.0")).isInstanceOf(VersionNotFoundException.class)
                .hasMessage(catchThrowable(() -> std.resolve("m:9.0.0")).getMessage().replace("9.0.0", "2.0.0"));
        assertThatThrownBy(() -> std.pull("m:2.0.0")).isInstanceOf(VersionNotFoundException.class);
        assertThat(std.listVersions("m")).extracting(ModelVersion::version).containsExactly("1.0.0", "1.5.0");
        assertThat(std.listModels()).contains("m").doesNotContain("secret");
        assertThat(std.search().versions(SearchRequest.of("name:m OR name:secret")).items())
                .extracting(ModelVersion::reference).containsExactly("m:1.0.0", "m:1.5.0");
        assertThat(registry.as("lite").search().versions(SearchRequest.of("")).total()).isZero();
        assertThat(registry.as("anyone").resolve("m").version()).as("no tier: unrestricted").isEqualTo("2.0.0");
        assertThat(registry.resolve("m@production").version()).isEqualTo("2.0.0");
    }

    @Test
    void protectedAliasesAndEnvironmentsNeedDeployProtected() {
        registry.access().install(AccessPolicy.builder().grant("admin", "model_admin").grant("eng", "ml_engineer")
                .role("deployer", "models:deploy", "models:read").grant("bob", "deployer")
                .protectAliases("production").protectEnvironments("prod").build());
        ModelRegistry bob = registry.as("bob");
        bob.setAlias("m", "staging", "1.0.0");
        bob.lifecycle().deploy("m:1.0.0", "qa", "https://qa", 1);
        assertThatThrownBy(() -> bob.setAlias("m", "production", "1.0.0")).isInstanceOfSatisfying(
                AccessDeniedException.class, e -> {
                    assertThat(e.permission()).isEqualTo("models:deploy_protected");
                    assertThat(e.resource()).isEqualTo("model m");
                });
        assertThatThrownBy(() -> bob.lifecycle().deploy("m:1.0.0", "prod", "https://prod", 1))
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                    assertThat(e.permission()).isEqualTo("models:deploy_protected");
                    assertThat(e.resource()).isEqualTo("model m");
                });
        assertThat(registry.aliases("m")).containsOnlyKeys("staging", "qa"); // a deployment moves its environment's alias
        assertThat(registry.lifecycle().deployments("m")).containsOnlyKeys("qa");
        registry.as("eng").setAlias("m", "production", "1.0.0");
        registry.as("eng").lifecycle().deploy("m:1.0.0", "prod", "https://prod", 1);
        assertThatThrownBy(() -> bob.removeAlias("m", "production")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> bob.lifecycle().rollback("m", "prod")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> bob.lifecycle().deploy("m:1.0.0", "production", "https://p", 1)).as("moves the protected alias")
                .isInstanceOf(AccessDeniedException.class);
        assertThat(registry.aliases("m")).containsEntry("production", "1.0.0");
    }

    @Test
    void aPromotionIntoAProtectedStageTakesEffectOnlyWhenAnotherPrincipalApproves() throws Exception {
        StageMachine machine = new StageMachine("development", Map.of(
                "development", new StageDefinition("development", Set.of("production"),
                        EnumSet.allOf(Operation.class)),
                "production", new StageDefinition("production", Set.of(),
                        EnumSet.allOf(Operation.class),
                        Approval.OTHER_THAN_REQUESTER_AND_CREATOR)));
        try (ModelRegistry r = openRegistry(RegistryOptions.builder(storeUri(temp.resolve("four-eyes")))
                .principal("admin").stageMachine(machine).cacheDirectory(temp.resolve("c4")).build())) {
            r.access().install(AccessPolicy.builder().grant("admin", "model_admin").grant("eng", "ml_engineer")
                    .grant("eng2", "ml_engineer").build());
            for (String v : List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0")) {
                r.registerModel(Registration.builder("p").version(v).metric("acc", 0.9).build()); // created by admin
            }
            ModelRegistry eng = r.as("eng");
            ModelRegistry eng2 = r.as("eng2");
            assertThat(eng.lifecycle().promote("p:1.0.0", "production", "metrics.acc >= 0.8").stage()).as("requested only")
                    .isEqualTo("development");
            assertThat(r.lifecycle().pendingPromotions("p")).singleElement().satisfies(q -> {
                assertThat(q.requestedBy()).isEqualTo("eng");
                assertThat(q.stage()).isEqualTo("production");
                assertThat(q.gates()).singleElement().satisfies(g -> assertThat(g.passed()).isTrue());
            });
            assertThatThrownBy(() -> eng.lifecycle().approve("p:1.0.0", "production")).isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("separation of duties");
            assertThatThrownBy(() -> r.lifecycle().approve("p:1.0.0", "production")).as("the creator, an admin")
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("creator");
            assertThat(eng2.lifecycle().approve("p:1.0.0", "production").stage()).isEqualTo("production");
            assertThat(r.lifecycle().pendingPromotions("p")).isEmpty();
            assertThat(r.lifecycle().stageHistory("p:1.0.0")).last().satisfies(c -> assertThat(c.by()).isEqualTo("eng2"));

            eng.lifecycle().promote("p:1.1.0", "production");
            r.updateTags("p:1.1.0", Set.of("changed"), Set.of()); // a change other than metrics voids the request
            assertThatThrownBy(() -> eng2.lifecycle().approve("p:1.1.0", "production"))
                    .isInstanceOf(OperationNotAllowedException.class)
                    .hasMessageContaining("no pending request");

            eng.lifecycle().promote("p:1.4.0", "production");
            r.updateDescription("p:1.4.0", "changed while pending"); // so does a new description
            assertThatThrownBy(() -> eng2.lifecycle().approve("p:1.4.0", "production"))
                    .isInstanceOf(OperationNotAllowedException.class)
                    .hasMessageContaining("no pending request");

            eng.lifecycle().promote("p:1.2.0", "production");
            r.updateMetrics("p:1.2.0", Map.of("loss", 0.1)); // metrics do not void it
            assertThat(eng2.lifecycle().approve("p:1.2.0", "production").stage()).isEqualTo("production");

            eng.lifecycle().promote("p:1.3.0", "production", "metrics.acc >= 0.8");
            r.updateMetrics("p:1.3.0", Map.of("acc", 0.5));
            assertThatThrownBy(() -> eng2.lifecycle().approve("p:1.3.0", "production")).as("gates are evaluated again")
                    .isInstanceOf(GateFailedException.class);
            assertThat(r.resolve("p:1.3.0").stage()).isEqualTo("development");
        }
    }

    @Test
    void aTagConditionHoldsBeforeAndAfterEveryChange() {
        registry.registerModel(Registration.builder("shared").version("1.0.0").tags("team:nlp").build());
        registry.registerModel(Registration.builder("shared").version("1.1.0").tags("team:vision").build());
        registry.access().install(AccessPolicy.builder().grant("admin", "model_admin")
                .grant("nlp", Scope.tagged("team:nlp"), "model_developer").build());
        ModelRegistry nlp = registry.as("nlp");
        assertThat(nlp.resolve("shared:1.0.0").version()).isEqualTo("1.0.0");
        assertThatThrownBy(() -> nlp.resolve("shared:1.1.0")).isInstanceOf(AccessDeniedException.class);
        assertThat(nlp.listVersions("shared")).extracting(ModelVersion::version).containsExactly("1.0.0");
        assertThat(nlp.listModels()).contains("shared").doesNotContain("m");
        nlp.registerModel(Registration.builder("shared").version("1.2.0").tags("team:nlp", "new").build());
        assertThatThrownBy(() -> nlp.registerModel(Registration.builder("shared").version("1.3.0").build()))
                .as("a version without the tag").isInstanceOf(AccessDeniedException.class);
        nlp.updateTags("shared:1.2.0", Set.of("reviewed"), Set.of());
        assertThatThrownBy(() -> nlp.updateTags("shared:1.2.0", Set.of(), Set.of("team:nlp")))
                .as("removing the tag that grants access").isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> nlp.updateTags("shared:1.1.0", Set.of("team:nlp"), Set.of()))
                .as("adding the tag to gain access").isInstanceOf(AccessDeniedException.class);
        assertThat(registry.resolve("shared:1.1.0").tags()).containsExactly("team:vision");
        assertThat(registry.resolve("shared:1.2.0").tags()).contains("team:nlp", "reviewed");
    }

    @Test
    void aComparisonAuthorizesBothSidesAndADenialTellsNothingOfWhatExists() {
        registry.registerModel(Registration.builder("medical/x").version("1.0.0").metric("acc", 0.9).build());
        registry.registerModel(Registration.builder("legal/y").version("1.0.0").metric("acc", 0.8).build());
        registry.access().install(AccessPolicy.builder().grant("admin", "model_admin")
                .grant("alice", Scope.models("medical/*"), "model_developer").build());
        ModelRegistry alice = registry.as("alice");
        assertThat(alice.lifecycle().compare("medical/x:1.0.0", "medical/x:1.0.0", "acc", true)).isNotNull();
        List<String> answers = new ArrayList<>();
        for (String other : List.of("legal/y:1.0.0", "legal/ghost:1.0.0", "legal/y:9.9.9")) {
            for (boolean second : List.of(true, false)) {
                Throwable t = Assertions.catchThrowable(() -> alice.lifecycle().compare(
                        second ? "medical/x:1.0.0" : other, second ? other : "medical/x:1.0.0", "acc", true));
                assertThat(t).as(other).isInstanceOf(AccessDeniedException.class);
                answers.add(t.getClass().getSimpleName() + " " + ((AccessDeniedException) t).permission() + " "
                        + t.getMessage().replace(other, "OTHER"));
            }
        }
        assertThat(new TreeSet<>(answers)).as("one answer whether the other side exists or not").hasSize(1);
    }

    @Test
    void aDeploymentAuthorizesEveryAdapterItServesAndARollbackItsTarget() {
        registry.registerModel(Registration.builder("medical/base").version("1.0.0").build());
        registry.registerModel(Registration.builder("medical/lora").version("0.1.0").kind(Kind.ADAPTER)
                .lineage(Lineage.builder().baseModel("medical/base:1.0.0").build()).build());
        registry.registerModel(Registration.builder("legal/lora").version("0.1.0").kind(Kind.ADAPTER)
                .lineage(Lineage.builder().baseModel("medical/base:1.0.0").build()).build());
        registry.registerModel(Registration.builder("r").version("1.0.0").tier(Tier.PROFESSIONAL)
                .build());
        registry.registerModel(Registration.builder("r").version("1.1.0").tier(Tier.STANDARD).build());
        registry.lifecycle().deploy("r:1.0.0", "qa", "https://qa", 1);
        registry.lifecycle().deploy("r:1.1.0", "qa", "https://qa", 1);
        registry.access().install(AccessPolicy.builder().grant("admin", "model_admin")
                .grant("eng", Scope.models("medical/*"), "ml_engineer")
                .grant("std", "ml_engineer").tier("std", Tier.STANDARD).build());
        ModelRegistry eng = registry.as("eng");
        assertThat(eng.lifecycle().deploy("medical/base:1.0.0", "qa", "https://qa", 1, List.of("medical/lora")).adapters())
                .containsExactly("medical/lora:0.1.0");
        for (String adapter : List.of("legal/lora", "legal/ghost:0.1.0")) {
            assertThatThrownBy(() -> eng.lifecycle().deploy("medical/base:1.0.0", "prod", "https://p", 1,
                    List.of("medical/lora", adapter))).as(adapter).isInstanceOfSatisfying(AccessDeniedException.class,
                    e -> assertThat(e.permission()).isEqualTo("models:deploy"));
        }
        assertThat(registry.lifecycle().deployments("medical/base")).containsOnlyKeys("qa");

        ModelRegistry std = registry.as("std");
        assertThatThrownBy(() -> std.lifecycle().rollback("r", "qa")).as("the target is above std's tier")
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                    assertThat(e.permission()).isEqualTo("models:deploy");
                    assertThat(e.resource()).isEqualTo("model r");
                    assertThat(e.getMessage()).doesNotContain("1.0.0");
                });
        assertThat(registry.lifecycle().deployments("r").get("qa").splits()).singleElement()
                .satisfies(s -> assertThat(s.version()).isEqualTo("1.1.0"));
        assertThat(registry.lifecycle().rollback("r", "qa").splits()).singleElement()
                .satisfies(s -> assertThat(s.version()).isEqualTo("1.0.0"));
    }

    @Test
    void aModelsKindIsFixedByItsFirstVersionAndAdapterPermissionsGovernAdapterModels() {
        assertThatThrownBy(() -> registry.registerModel(Registration.builder("a").version("2.0.0").kind(Kind.MODEL)
                .build())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("kind ADAPTER");
        assertThatThrownBy(() -> registry.registerModel(Registration.builder("m").version("2.0.0").kind(Kind.ADAPTER)
                .build())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("kind MODEL");
        assertThat(registry.listVersions("a")).extracting(ModelVersion::version).containsExactly("1.0.0");
        registry.setAlias("a", "champion", "1.0.0");
        registry.access().install(AccessPolicy.builder().grant("admin", "model_admin")
                .role("models_only", "models:read", "models:create", "models:deploy", "models:update")
                .grant("mo", "models_only").build());
        ModelRegistry mo = registry.as("mo");
        assertThatThrownBy(() -> mo.registerModel(Registration.builder("a").version("3.0.0").kind(Kind.MODEL).build()))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> mo.removeAlias("a", "champion")).isInstanceOfSatisfying(AccessDeniedException.class,
                e -> assertThat(e.permission()).isEqualTo("adapters:deploy"));
        assertThatThrownBy(() -> mo.getModel("a")).isInstanceOf(AccessDeniedException.class);
        assertThat(registry.aliases("a")).containsEntry("champion", "1.0.0");
    }

    @Test
    void aBulkTagChangeKeepsTheTagConditionLikeASingleOne() {
        registry.registerModel(Registration.builder("shared").version("1.0.0").tags("team:nlp").build());
        registry.access().install(AccessPolicy.builder().grant("admin", "model_admin")
                .grant("nlp", Scope.tagged("team:nlp"), "model_developer").role("searcher", "registry:search")
                .grant("nlp", "searcher").build());
        ModelRegistry nlp = registry.as("nlp");
        BulkResult result = nlp.bulk().apply("name:shared",
                BulkChange.tags(Set.of(), Set.of("team:nlp")));
        assertThat(result.changed()).isEmpty();
        assertThat(result.refused()).containsOnlyKeys("shared:1.0.0");
        assertThat(registry.resolve("shared:1.0.0").tags()).containsExactly("team:nlp");
    }

    @Test
    void hiddenVersionsAliasesAndModelsAreAnsweredExactlyAsMissingOnes() {
        registry.registerModel(Registration.builder("m").version("2.0.0").tier(Tier.PROFESSIONAL)
                .build());
        registry.registerModel(Registration.builder("hid-model").version("1.0.0")
                .tier(Tier.PROFESSIONAL).build());
        registry.setAlias("m", "production", "2.0.0");
        registry.setAlias("m", "candidate", "1.0.0");
        registry.lifecycle().deploy("m:1.0.0", "qa", "https://qa", 1);
        registry.lifecycle().deploy("m:2.0.0", "prod", "https://prod", 1);
        registry.access().install(AccessPolicy.builder().grant("admin", "model_admin").grant("*", "viewer")
                .tier("std", Tier.STANDARD).build());
        ModelRegistry std = registry.as("std");
        assertThat(std.lifecycle().deployments("m")).containsOnlyKeys("qa");
        assertThat(std.lifecycle().deploymentHistory("m", "prod")).isEmpty();
        assertThat(std.aliasHistory("m", "production")).isEmpty();
        assertThat(std.aliasHistory("m", "candidate")).hasSize(1);
        assertThat(registry.lifecycle().deployments("m")).containsOnlyKeys("qa", "prod");
        assertThatThrownBy(() -> std.resolve("m:9.9.9")).hasMessageContaining("1.0.0").hasMessageNotContaining("2.0.0");
        assertThatThrownBy(() -> std.resolve("m@nope")).hasMessageContaining("candidate")
                .hasMessageNotContaining("production");
        assertThat(std.getModel("m")).satisfies(m -> {
            assertThat(m.versionCount()).isEqualTo(1);
            assertThat(m.latestVersion()).isEqualTo("1.0.0");
            assertThat(m.aliases()).containsOnlyKeys("candidate", "qa");
        });
        assertThat(std.aliases("m")).containsOnlyKeys("candidate", "qa");
        assertThat(registry.getModel("m").aliases()).containsOnlyKeys("candidate", "production", "qa", "prod");
        for (Function<String, Object> read : List.<Function<String, Object>>of(
                std::resolve, std::listVersions, std::aliases, n -> std.resolve(n + ":1.0.0"))) {
            Throwable hidden = Assertions.catchThrowable(() -> read.apply("hid-model"));
            Throwable missing = Assertions.catchThrowable(() -> read.apply("no-model"));
            assertThat(hidden).isInstanceOf(ModelNotFoundException.class).hasSameClassAs(missing);
            assertThat(hidden.getMessage().replace("hid-model", "X"))
                    .isEqualTo(missing.getMessage().replace("no-model", "X"));
        }
    }

    /**
     * The oracle test: for a principal who may not see model {@code legal/hid} (by its tier, or by the scope of its
     * grants), every call naming it answers exactly as for {@code legal/ghost}, which does not exist (result, error
     * class, permission, resource and message), changes nothing, and no registry-wide read (lists, searches, page
     * tokens, counts, statistics) differs from before the hidden model existed.
     */
    @Test
    void everyCallAnswersAHiddenModelExactlyAsAMissingOne() throws Exception {
        Path files = temp.resolve("files");
        registry.registerModel(Registration.builder("medical/x").version("1.0.0").metric("acc", 0.9).tags("t1")
                .artifacts(files).build());
        registry.registerModel(Registration.builder("medical/x").version("1.1.0").metric("acc", 0.95).build());
        registry.access().install(AccessPolicy.builder().grant("admin", "model_admin")
                .role("searcher", "registry:search")
                .grant("std", "ml_engineer").grant("std", "model_developer").grant("std", "searcher")
                .tier("std", Tier.STANDARD)
                .grant("alice", Scope.models("medical/*"), "ml_engineer")
                .grant("alice", Scope.models("medical/*"), "model_developer").grant("alice", "searcher").build());
        List<String> principals = List.of("std", "alice");
        Map<String, Map<String, String>> before = new LinkedHashMap<>();
        for (String p : principals) {
            Map<String, String> answers = new LinkedHashMap<>();
            OracleReads.global(registry.as(p)).forEach((label, call) -> answers.put(label, OracleReads.answer(call, "-")));
            before.put(p, answers);
        }

        Tier pro = Tier.PROFESSIONAL;
        registry.registerModel(Registration.builder("legal/hid").version("1.0.0").tier(pro).metric("acc", 0.91)
                .tags("t1").artifacts(files).lineage(Lineage.builder()
                        .parents(List.of("medical/x:1.0.0")).datasets(List.of("data-of-legal/hid")).build()).build());
        registry.registerModel(Registration.builder("legal/hid").version("1.1.0").tier(pro).build());
        registry.setAlias("legal/hid", "prod", "1.0.0");
        registry.lifecycle().deploy("legal/hid:1.0.0", "qa", "https://qa", 1);
        registry.lifecycle().deploy("legal/hid:1.1.0", "qa", "https://qa", 1);
        registry.lifecycle().promote("legal/hid:1.0.0", "testing");
        registry.pull("legal/hid:1.0.0", temp.resolve("admin-pull")); // a download, counted in statistics
        long sequence = registry.getModel("legal/hid").sequence();
        Instant instant = Instant.now();

        List<String> differences = new ArrayList<>();
        for (String p : principals) {
            ModelRegistry view = registry.as(p);
            OracleReads.global(view).forEach((label, call) -> {
                String now = OracleReads.answer(call, "-");
                if (!now.equals(before.get(p).get(label))) {
                    differences.add(p + " " + label + " changed when a hidden model appeared:\n  before: "
                            + before.get(p).get(label) + "\n  after:  " + now);
                }
            });
        }
        for (String p : principals) { // after the registry-wide reads: a registration naming a base adds a model
            OracleReads.naming(registry.as(p), temp, instant).forEach((label, call) -> {
                String hidden = OracleReads.answer(() -> call.apply("legal/hid"), "legal/hid");
                String missing = OracleReads.answer(() -> call.apply("legal/ghost"), "legal/ghost");
                if (!hidden.equals(missing)) {
                    differences.add(p + " " + label + ":\n  hidden:  " + hidden + "\n  missing: " + missing);
                }
                if (hidden.startsWith("ok ") && !label.startsWith("search") && !label.startsWith("bulk")
                        && !label.startsWith("lineage") && !label.equals("watch")
                        && !label.equals("register, as base")) { // a base model is free text (it may live elsewhere)
                    differences.add(p + " " + label + " succeeded on a hidden model: " + hidden);
                }
            });
        }
        assertThat(differences).as("answers that tell a hidden model from a missing one").isEmpty();
        assertThat(registry.getModel("legal/hid").sequence()).as("nothing changed").isEqualTo(sequence);
        assertThat(registry.listModels()).doesNotContain("legal/ghost");
    }

    @Test
    void lineageParentsAreAuthorizedAndAListenerHearsOnlyWhatItsPrincipalMayRead() {
        registry.registerModel(Registration.builder("medical/x").version("1.0.0").build());
        registry.registerModel(Registration.builder("legal/y").version("1.0.0").build());
        registry.access().install(AccessPolicy.builder().grant("admin", "model_admin")
                .grant("alice", Scope.models("medical/*"), "model_developer").build());
        ModelRegistry alice = registry.as("alice");
        List<String> answers = new ArrayList<>();
        for (String parent : List.of("legal/y:1.0.0", "legal/ghost:1.0.0")) {
            Throwable t = Assertions.catchThrowable(() -> alice.registerModel(Registration
                    .builder("medical/z").version("1.0.0").lineage(Lineage.builder().parents(List.of(parent))
                            .build()).build()));
            assertThat(t).isInstanceOf(AccessDeniedException.class);
            answers.add(t.getMessage().replace(parent, "P"));
        }
        assertThat(answers.get(0)).isEqualTo(answers.get(1));
        assertThat(registry.listModels()).doesNotContain("medical/z");
        alice.registerModel(Registration.builder("medical/z").version("1.0.0").lineage(Lineage
                .builder().parents(List.of("medical/x:1.0.0")).build()).build());

        List<String> heard = new CopyOnWriteArrayList<>();
        Subscription subscription = alice.addListener(e -> heard.add(e.model() + ":" + e.version()));
        registry.registerModel(Registration.builder("legal/y").version("2.0.0").build());
        registry.registerModel(Registration.builder("medical/x").version("2.0.0").build());
        subscription.close();
        assertThat(heard).containsExactly("medical/x:2.0.0");
    }

    @Test
    void withoutReadAMissingModelIsDeniedNotReportedMissing() {
        assertThatThrownBy(() -> registry.as("nobody").resolve("ghost:1.0.0")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> registry.as("nobody").resolve("m:1.0.0")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> registry.as("view").resolve("ghost:1.0.0")).isInstanceOf(ModelNotFoundException.class);
        assertThat(registry.as("nobody").listModels()).isEmpty();
    }

    @Test
    void thePolicyIsReplacedOnlyWithManageAndReachesOtherInstances() throws Exception {
        assertThatThrownBy(() -> registry.as("eng").access().install(AccessPolicy.builder().grant("eng", "model_admin")
                .build())).isInstanceOf(AccessDeniedException.class).hasMessageContaining("access_control:manage");
        try (ModelRegistry other = openRegistry(RegistryOptions.builder(registry.uri()).principal("eng")
                .cacheDirectory(temp.resolve("other")).staleness(Duration.ZERO).build())) {
            other.setAlias("m", "x", "1.0.0"); // another instance enforces the same policy: allowed
        }
        Path file = temp.resolve("policy.json");
        Files.writeString(file, "{\"grants\": [{\"subject\": \"admin\", \"roles\": [\"model_admin\"]}]}");
        registry.access().install(file);
        try (ModelRegistry other = openRegistry(RegistryOptions.builder(registry.uri()).principal("eng")
                .cacheDirectory(temp.resolve("other2")).staleness(Duration.ZERO).build())) {
            assertThatThrownBy(() -> other.setAlias("m", "y", "1.0.0")).isInstanceOf(AccessDeniedException.class);
        }
        assertThat(new TreeSet<>(registry.access().policy().orElseThrow().grants().get(0).roles()))
                .containsExactly("model_admin");
    }

    @Test
    void anUnreadableNewestPolicyRefusesEveryCallUntilAnAdminOfTheLastReadableOneReplacesIt() {
        try (StorageBackend raw = StorageBackends.open(store, Map.of())) {
            raw.putBytes(String.format("access/policy/%020d.json", 2), "{\"grants\": [".getBytes(
                    StandardCharsets.UTF_8)); // damaged, or written by an older tool
        }
        assertThatThrownBy(() -> registry.resolve("m:1.0.0")).isInstanceOf(StorageException.class)
                .hasMessageContaining("access/policy/00000000000000000002.json cannot be read");
        assertThatThrownBy(() -> registry.as("view").listModels())
                .isInstanceOf(StorageException.class);
        AccessPolicy fixed = AccessPolicy.builder().grant("admin", "model_admin").grant("view", "viewer").build();
        assertThatThrownBy(() -> registry.as("eng").access().install(fixed)).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("access_control:manage");
        registry.access().install(fixed); // admin holds access_control:manage under policy 1, the newest readable
        assertThat(registry.as("view").resolve("m:1.0.0").version()).isEqualTo("1.0.0");
        assertThatThrownBy(() -> registry.as("eng").resolve("m:1.0.0")).isInstanceOf(AccessDeniedException.class);
        assertThat(registry.audit().query(AuditQuery.all().action("change_policy")))
                .extracting(e -> e.principal() + " " + e.outcome() + " " + e.resource())
                .containsExactly("admin OK policy:1", "eng DENIED policy", "admin OK policy:3");
    }
}
