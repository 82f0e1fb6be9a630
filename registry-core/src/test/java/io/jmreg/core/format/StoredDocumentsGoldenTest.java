package io.jmreg.core.format;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Grant;
import io.jmreg.api.access.Permission;
import io.jmreg.api.access.Role;
import io.jmreg.api.access.Scope;
import io.jmreg.api.audit.AuditCheckpoint;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditProblem;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.audit.AuditedCommit;
import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.lifecycle.Approval;
import io.jmreg.api.model.GcReport;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.Tier;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.api.signing.SigningKeys;
import io.jmreg.api.webhooks.WebhookDelivery;
import io.jmreg.api.webhooks.WebhookSubscription;
import io.jmreg.core.blobs.Sha256;
import io.jmreg.core.gc.GcTimings;
import io.jmreg.core.signing.Ed25519;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A store written by an earlier library with every kind of stored document (the golden store under
 * {@code src/test/resources/golden/format-1-documents}, written once by {@link GoldenDocumentsGenerator} and never
 * regenerated) opens in this one: its audit chain verifies against the committed public key with every entry and the
 * signed checkpoint read back field by field, both access-policy versions read back exactly, the catalog generation and
 * change hints answer as a rebuild from the logs, the collector honours the writer's pin and writers the collection in
 * progress, and the webhook subscriptions and delivery records read back. The same holds with unknown newer fields in
 * every document; a policy with an unknown key is refused (fail closed), never half-read.
 */
class StoredDocumentsGoldenTest {
    private static final String IN_FLIGHT = "6972632de4c6fe72488515974e2288211e71bad2551d35d1578e3b94f00f494a";
    private static final String ABANDONED = "0de0df5b8cedb82e615b4d55cbae3b0e01158b75c11a84797046553665dd8e1c";
    private static final List<String> REFERENCED = List.of(
            "39b7e1e87cfde0772fab584600fd31d097d00560257f8f77798faf3944bcddba", // alpha config.json
            "c2a2fe3440cdc3966bc9639a99caee041072233a5af33101ee11e15c61c91e1f", // alpha weights.bin
            "b5369b79c79ac3c12745ea3d1589c0f976de6f9daea25c2ab9746f5c20614edd"); // team/beta beta.bin
    private static final String OK_HOOK = "whd37c3344ee8d0b25";
    private static final String FAILING_HOOK = "whd223d4840a183311";
    private static final String HOOKS = "http://127.0.0.1:38687";

    @TempDir
    Path temp;

    private ModelRegistry open(String uri) {
        return open(uri, "admin");
    }

    private ModelRegistry open(String uri, String principal) {
        return ModelRegistry.open(RegistryOptions.builder(uri).principal(principal).cacheDirectory(temp.resolve("cache"))
                .property(GcTimings.LEASE_PROPERTY, "3").build());
    }

    @Test
    void theGoldenAuditTrailVerifiesAgainstTheCommittedKeyWithEveryField() throws Exception {
        String uri = GoldenDocumentsStore.load(k -> false);
        try (ModelRegistry r = open(uri)) {
            assertGoldenAudit(r, uri);
        }
    }

    @Test
    void theGoldenCheckpointDoesNotVerifyWithAnotherKey() throws Exception {
        try (ModelRegistry r = open(GoldenDocumentsStore.load(k -> false))) {
            AuditReport report = r.audit().verify(AuditVerification.trusting(SigningKeys.generate().getPublic()));
            assertThat(report.valid()).isFalse();
            assertThat(report.problem().kind()).isEqualTo(AuditProblem.Kind.BAD_CHECKPOINT);
            assertThat(report.problem().position()).isEqualTo(68);
            assertThat(report.problem().message()).contains("b8a0c3f23894a62f", "not trusted");
        }
    }

    @Test
    void bothGoldenPolicyVersionsReadBackExactlyAndTheSecondIsInForce() throws Exception {
        String uri = GoldenDocumentsStore.load(k -> false);
        try (ModelRegistry r = open(uri)) {
            assertGoldenPolicies(r);
        }
        try (ModelRegistry auditor = open(uri, "auditor")) { // a custom role on the registry, tier "*": standard
            assertThat(auditor.resolve("alpha:1.0.0").version()).isEqualTo("1.0.0");
        }
        try (ModelRegistry reader = open(uri, "reader")) { // viewer on team/* only, tier lite
            assertThatThrownBy(() -> reader.resolve("alpha:1.0.0")).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> reader.resolve("team/beta:1.1.0")).isInstanceOf(ModelNotFoundException.class);
        }
    }

    @Test
    void theGoldenCatalogGenerationAndItsHintsAnswerAsARebuildFromTheLogs() throws Exception {
        List<Object> fromGeneration;
        try (ModelRegistry r = open(GoldenDocumentsStore.load(k -> false))) {
            fromGeneration = catalogAnswers(r);
        }
        List<Object> rebuilt;
        try (ModelRegistry r = open(GoldenDocumentsStore.load(k -> k.startsWith("catalog/")))) {
            rebuilt = catalogAnswers(r);
        }
        assertThat(fromGeneration).isEqualTo(rebuilt);
    }

    /** What the catalog answers; commits after the generation (known from their hints only) included. */
    private static List<Object> catalogAnswers(ModelRegistry r) {
        List<Object> answers = new ArrayList<>();
        List<ModelVersion> all = r.search().versions(SearchRequest.of("").limit(100)).items();
        assertThat(all).extracting(ModelVersion::reference)
                .containsExactly("alpha:1.0.0", "team/beta:1.0.0", "team/beta:1.1.0", "team/gamma:0.1.0");
        assertThat(all.get(2).metrics()).containsEntry("latency_ms", 12.5);
        assertThat(all.get(1).metrics()).containsEntry("accuracy", 0.9);
        answers.add(all);
        answers.add(r.search().versions(SearchRequest.of("metrics.latency_ms:>10")).items());
        assertThat(r.search().versions(SearchRequest.of("metrics.accuracy:>0.85")).items())
                .extracting(ModelVersion::reference).containsExactly("team/beta:1.0.0");
        answers.add(r.search().versions(SearchRequest.of("tags:team:nlp")).items());
        answers.add(r.search().models(SearchRequest.of("")).items());
        answers.add(r.listModels());
        for (String model : r.listModels()) {
            answers.add(r.listVersions(model));
            answers.add(r.aliases(model));
        }
        assertThat(r.aliases("alpha")).containsExactly(Map.entry("production", "1.0.0"));
        return answers;
    }

    @Test
    void theCollectorHonoursTheGoldenPinAndDeletesOnlyTheAbandonedBlob() throws Exception {
        String uri = GoldenDocumentsStore.load(k -> false);
        try (ModelRegistry r = open(uri)) {
            GcReport report = r.collectGarbage(Duration.ZERO);
            assertThat(report).isEqualTo(new GcReport(5, 3, 1, "abandoned upload".length(), 0));
        }
        assertThat(GoldenDocumentsStore.exists(uri, StoreLayout.blobKey(IN_FLIGHT))).isTrue();
        assertThat(GoldenDocumentsStore.exists(uri, StoreLayout.blobKey(ABANDONED))).isFalse();
        for (String sha : REFERENCED) {
            assertThat(GoldenDocumentsStore.exists(uri, StoreLayout.blobKey(sha))).isTrue();
        }
    }

    @Test
    void aRegistrationWaitsForTheGoldenCollectionInProgressUntilItsLeaseRunsOut() throws Exception {
        long start = System.nanoTime(); // the marker is stored after this: it is alive for a lease (3 s) from then
        String uri = GoldenDocumentsStore.load(k -> false);
        Path files = Files.createDirectories(temp.resolve("new"));
        Files.writeString(files.resolve("weights.bin"), "registered while a collection runs");
        try (ModelRegistry r = open(uri)) {
            ModelVersion v = r.registerModel(Registration.builder("delta").version("1.0.0").artifacts(files).build());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(2_500));
            assertThat(GoldenDocumentsStore.exists(uri, StoreLayout.blobKey(v.artifacts().files().get(0).sha256())))
                    .isTrue();
        }
    }

    @Test
    void theGoldenWebhookSubscriptionsAndDeliveriesReadBackWithEveryField() throws Exception {
        try (ModelRegistry r = open(GoldenDocumentsStore.load(k -> false))) {
            assertGoldenWebhooks(r);
        }
    }

    @Test
    void documentsWithUnknownNewerFieldsOpen() throws Exception {
        String uri = GoldenDocumentsStore.load(k -> false, true);
        assertThat(GoldenDocumentsStore.auditLines(uri)).allMatch(l -> l.contains("field_from_the_future"));
        try (ModelRegistry r = open(uri)) {
            assertGoldenAudit(r, uri);
            assertGoldenPolicies(r);
            assertGoldenWebhooks(r);
            List<Object> answers = catalogAnswers(r);
            try (ModelRegistry rebuilt = open(GoldenDocumentsStore.load(k -> k.startsWith("catalog/")))) {
                assertThat(answers).isEqualTo(catalogAnswers(rebuilt));
            }
            assertThat(r.collectGarbage(Duration.ZERO)).isEqualTo(new GcReport(5, 3, 1, "abandoned upload".length(), 0));
        }
        assertThat(GoldenDocumentsStore.exists(uri, StoreLayout.blobKey(IN_FLIGHT))).isTrue();
    }

    @Test
    void aPolicyWithAnUnknownKeyIsRefusedNeverHalfRead() throws Exception {
        String uri = GoldenDocumentsStore.load(k -> k.equals(StoreLayout.policyKey(2)));
        try (StorageBackend backend = StorageBackends.open(uri, Map.of())) {
            String v2 = Files.readString(GoldenDocumentsStore.STORE.resolve(StoreLayout.policyKey(2)));
            backend.putBytes(StoreLayout.policyKey(2), v2.replaceFirst("^\\{", "{\"field_from_the_future\":true,")
                    .getBytes(StandardCharsets.UTF_8));
        }
        try (ModelRegistry r = open(uri)) {
            assertThatThrownBy(r::listModels).isInstanceOf(StorageException.class)
                    .hasMessageContaining(StoreLayout.policyKey(2)).hasMessageContaining("$.field_from_the_future");
        }
    }

    @Test
    void everyKindOfStoredDocumentIsInAGoldenStore() throws Exception {
        List<String> keys = new ArrayList<>();
        for (Path store : List.of(GoldenDocumentsStore.STORE, GoldenDocumentsStore.STORE.resolveSibling("format-1"))) {
            try (Stream<Path> files = Files.walk(store)) {
                files.filter(Files::isRegularFile).forEach(f -> keys.add(store.relativize(f).toString().replace('\\', '/')));
            }
        }
        List<String> kinds = new ArrayList<>(List.of("models/org~golden/checkpoints/", "webhooks/subscriptions/",
                "webhooks/deliveries/", "webhooks/cursors/"));
        for (Field f : StoreLayout.class.getFields()) { // a new kind of document in the layout needs a golden store
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                kinds.add((String) f.get(null));
            }
        }
        assertThat(kinds).hasSizeGreaterThan(14);
        for (String kind : kinds) {
            assertThat(keys).as("golden objects under %s", kind).anyMatch(k -> k.startsWith(kind));
        }
    }

    private static void assertGoldenAudit(ModelRegistry r, String uri) throws IOException {
        PublicKey key = GoldenDocumentsStore.publicKey();
        AuditReport report = r.audit().verify(AuditVerification.trusting(key));
        assertThat(report.problem()).isNull();
        assertThat(report.entries()).isEqualTo(72);
        assertThat(report.trustedCheckpoints()).isEqualTo(1);
        assertThat(report.sealedUpTo()).isEqualTo(68);
        assertThat(report.logEntries()).isEqualTo(8);
        assertThat(report.unauditedCount()).isZero();
        assertThat(report.pendingCount()).isZero();

        List<String> lines = GoldenDocumentsStore.auditLines(uri);
        List<AuditEntry> entries = r.audit().query(AuditQuery.all());
        assertThat(entries).hasSize(72);
        String prev = "0".repeat(64);
        for (int i = 0; i < entries.size(); i++) {
            AuditEntry e = entries.get(i);
            assertThat(e.seq()).isEqualTo(i + 1);
            assertThat(e.previousHash()).isEqualTo(prev);
            assertThat(e.hash()).isEqualTo(Sha256.of(lines.get(i).getBytes(StandardCharsets.UTF_8)));
            prev = e.hash();
            if (i > 0) {
                assertThat(e.at()).isAfterOrEqualTo(entries.get(i - 1).at());
            }
        }
        List<AuditEntry> head = entries.subList(0, 10);
        List<AuditEntry> denials = entries.subList(10, 68); // callers racing, then one at a time up to block 64
        List<AuditEntry> tail = entries.subList(68, 72); // after the checkpoint
        assertThat(head).extracting(AuditEntry::at).containsExactly(Instant.parse("2026-12-07T12:20:40.366641Z"),
                Instant.parse("2026-12-07T12:20:40.387597Z"), Instant.parse("2026-12-07T12:20:40.395633Z"),
                Instant.parse("2026-12-07T12:20:40.404205Z"), Instant.parse("2026-12-07T12:20:40.415717Z"),
                Instant.parse("2026-12-07T12:20:40.421772Z"), Instant.parse("2026-12-07T12:20:40.474882Z"),
                Instant.parse("2026-12-07T12:20:40.609104Z"), Instant.parse("2026-12-07T12:20:40.616605Z"),
                Instant.parse("2026-12-07T12:20:40.628975Z"));
        assertThat(denials.get(0).at()).isEqualTo(Instant.parse("2026-12-07T12:20:40.639605Z"));
        assertThat(entries.subList(12, 16)).extracting(AuditEntry::at) // one block: one time
                .containsOnly(Instant.parse("2026-12-07T12:20:40.643518Z"));
        assertThat(denials.get(57).at()).isEqualTo(Instant.parse("2026-12-07T12:20:40.668204Z"));
        assertThat(tail).extracting(AuditEntry::at).containsExactly(Instant.parse("2026-12-07T12:20:40.680449Z"),
                Instant.parse("2026-12-07T12:20:40.684555Z"), Instant.parse("2026-12-07T12:20:40.711919Z"),
                Instant.parse("2026-12-07T12:20:40.908631Z"));
        Map<String, String> denial = Map.of("denied", "alpha:1.0.0", "permission", "models:read",
                "reference", "alpha:1.0.0");
        assertThat(head).extracting(e -> e.principal() + " " + e.action() + " " + e.resource() + " " + e.outcome())
                .containsExactly("admin register alpha:1.0.0 OK", "admin register team/beta:1.0.0 OK",
                        "admin register team/gamma:0.1.0 OK", "admin change_policy policy:1 OK",
                        "admin change_policy policy:2 OK", "reader resolve alpha:1.0.0 DENIED",
                        "admin pull alpha:1.0.0 OK", "admin set_alias alpha:1.0.0 OK",
                        "admin update_metrics team/beta:1.0.0 OK", "admin register team/beta:1.1.0 OK");
        assertThat(head).extracting(AuditEntry::details).containsExactly(Map.of(), Map.of(), Map.of(),
                Map.of("policy_key", StoreLayout.policyKey(1), "sha256", sha("access/policy/00000000000000000001.json")),
                Map.of("policy_key", StoreLayout.policyKey(2), "sha256", sha("access/policy/00000000000000000002.json")),
                denial, Map.of("downloaded_bytes", "39", "downloaded_files", "2"), Map.of("alias", "production"),
                Map.of(), Map.of());
        assertThat(head).extracting(AuditEntry::commits).containsExactly(List.of(commit("alpha", 1)),
                List.of(commit("team/beta", 1)), List.of(commit("team/gamma", 1)), List.of(), List.of(), List.of(),
                List.of(), List.of(commit("alpha", 2)), List.of(commit("team/beta", 2)), List.of(commit("team/beta", 3)));
        for (AuditEntry e : denials) {
            assertThat(List.of(e.principal(), e.action(), e.resource(), e.outcome(), e.details(), e.commits()))
                    .containsExactly("reader", "resolve", "alpha:1.0.0", AuditEntry.Outcome.DENIED, denial, List.of());
        }
        assertThat(tail).extracting(e -> e.principal() + " " + e.action() + " " + e.resource() + " " + e.outcome())
                .containsExactly("admin set_alias team/beta:1.1.0 OK", "admin manage_webhooks webhook:" + OK_HOOK + " OK",
                        "admin manage_webhooks webhook:" + FAILING_HOOK + " OK", "admin update_metrics team/beta:1.1.0 OK");
        assertThat(tail).extracting(AuditEntry::details).containsExactly(Map.of("alias", "champion"),
                Map.of("url", HOOKS + "/ok"), Map.of("url", HOOKS + "/fail"), Map.of());
        assertThat(tail).extracting(AuditEntry::commits).containsExactly(List.of(commit("team/beta", 4)), List.of(),
                List.of(), List.of(commit("team/beta", 5)));

        AuditCheckpoint c = r.audit().newestCheckpoint().orElseThrow();
        assertThat(c.seq()).isEqualTo(68);
        assertThat(c.entryHash()).isEqualTo(entries.get(67).hash());
        assertThat(c.at()).isEqualTo(Instant.parse("2026-12-07T12:20:40.670Z"));
        assertThat(c.keyId()).isEqualTo("b8a0c3f23894a62f").isEqualTo(SigningKeys.keyId(key));
        assertThat(Ed25519.verify(key, c.signedText(), c.signature())).isTrue();
    }

    private static String sha(String key) throws IOException {
        return Sha256.of(Files.readAllBytes(GoldenDocumentsStore.STORE.resolve(key)));
    }

    /** The audited commit of a golden log entry, with the digest of its golden bytes. */
    private static AuditedCommit commit(String model, long seq) {
        try {
            return new AuditedCommit(model, seq, sha(StoreLayout.logKey(model, seq)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertGoldenPolicies(ModelRegistry r) throws IOException {
        Grant admin = new Grant("admin", List.of("model_admin"), Scope.registry());
        AccessPolicy first = new AccessPolicy(Map.of(), List.of(admin, new Grant("*", List.of("viewer"), Scope.registry())),
                Map.of(), Set.of(), Set.of(), null);
        Map<String, Tier> tiers = new LinkedHashMap<>();
        tiers.put("reader", Tier.LITE);
        tiers.put("*", Tier.STANDARD);
        AccessPolicy second = new AccessPolicy(
                Map.of("auditor", new Role("auditor", EnumSet.of(Permission.MODELS_READ, Permission.REGISTRY_AUDIT))),
                List.of(admin, new Grant("reader", List.of("viewer"), Scope.models("team/*")),
                        new Grant("trainer", List.of("model_developer"), Scope.models("team/**").andTagged("team:nlp")),
                        new Grant("auditor", List.of("auditor"), Scope.registry())),
                tiers, Set.of("production"), Set.of("prod"), Map.of("production", Approval.OTHER_PRINCIPAL,
                "regulated", Approval.OTHER_THAN_REQUESTER_AND_CREATOR, "staging", Approval.NONE));
        AccessPolicy inForce = r.access().policy().orElseThrow();
        assertThat(inForce).isEqualTo(second);
        assertThat(inForce.tiers().keySet()).containsExactly("reader", "*");
        assertThat(inForce.approvalFor("production")).isEqualTo(Approval.OTHER_PRINCIPAL);
        assertThat(inForce.approvalFor("testing")).isEqualTo(Approval.NONE);
        assertThat(r.access().parse(Files.readString(GoldenDocumentsStore.STORE.resolve(StoreLayout.policyKey(1)))))
                .isEqualTo(first);
        assertThat(first.approvals()).isNull(); // not stated: each process's stage machine decides
    }

    private static void assertGoldenWebhooks(ModelRegistry r) {
        assertThat(r.webhooks().list()).containsExactly(
                new WebhookSubscription(OK_HOOK, HOOKS + "/ok", Set.of(), "**",
                        Instant.parse("2026-12-07T12:20:40.681793556Z"), "admin"),
                new WebhookSubscription(FAILING_HOOK, HOOKS + "/fail", Set.of(RegistryEvent.Type.UPDATED),
                        "team/**", Instant.parse("2026-12-07T12:20:40.684961190Z"), "admin"));
        assertThat(r.webhooks().deliveries(OK_HOOK, 10)).containsExactly(new WebhookDelivery(OK_HOOK + "-5-dGVhbS9iZXRh",
                OK_HOOK, RegistryEvent.Type.UPDATED, "team/beta", "1.1.0", 5, WebhookDelivery.Status.DELIVERED, 1, 204,
                null, Instant.parse("2026-12-07T12:20:41.118438603Z")));
        assertThat(r.webhooks().deliveries(FAILING_HOOK, 10)).containsExactly(new WebhookDelivery(
                FAILING_HOOK + "-5-dGVhbS9iZXRh", FAILING_HOOK, RegistryEvent.Type.UPDATED, "team/beta", "1.1.0", 5,
                WebhookDelivery.Status.FAILED, 1, 503, "the receiver answered 503",
                Instant.parse("2026-12-07T12:20:41.127548006Z")));
    }
}
