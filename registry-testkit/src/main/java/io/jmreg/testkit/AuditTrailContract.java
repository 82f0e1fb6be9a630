package io.jmreg.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.audit.AuditCheckpoint;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditOptions;
import io.jmreg.api.audit.AuditProblem;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.signing.SigningKeys;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail behaves alike on every backend: what is recorded (changes with their log entries, downloads from the
 * store but not cache hits, denials, policy changes), queries and export, signed checkpoints, and verification that
 * names the first bad entry for each kind of tampering (edited, deleted, swapped and inserted entries, a forged
 * checkpoint, a rewritten chain, truncation, an edited model log entry).
 */
public abstract class AuditTrailContract {
    /** For subclasses that bind the suite to a backend. */
    protected AuditTrailContract() {
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

    /**
     * Whether a pull is audited as one {@code pull} entry (with the files and bytes it downloaded). Through a server
     * it is not: the server sees the downloads of the files, each audited as an {@code open_artifact} entry naming
     * its path, and not the pull they belong to.
     */
    protected boolean auditsPullsAsOneEntry() {
        return true;
    }

    /**
     * Whether the registries this suite opens seal their own audit entries (in this process): through a server they
     * do not (the server seals them), so the tests of sealing after a crash do not apply.
     */
    protected boolean sealsInThisProcess() {
        return true;
    }

    /** Scratch space. */
    @TempDir
    protected Path temp;

    private static final KeyPair KEY = SigningKeys.generate();

    private ModelRegistry open(String uri, String principal, String cache, AuditOptions audit) {
        return openRegistry(RegistryOptions.builder(uri).principal(principal).cacheDirectory(temp.resolve(cache))
                .staleness(Duration.ZERO).audit(audit).build());
    }

    /** A registry whose audit sealer gathers commits for {@code sealDelayMillis} before sealing them. */
    private ModelRegistry openSealingAfter(String uri, String principal, String cache, long sealDelayMillis) {
        return openRegistry(RegistryOptions.builder(uri).principal(principal).cacheDirectory(temp.resolve(cache))
                .staleness(Duration.ZERO).property("audit.seal-delay-ms", Long.toString(sealDelayMillis)).build());
    }

    /** How many audit entries stored in the chain (read straight from the store) audit entry {@code seq} of {@code model}. */
    private static long sealedCount(String uri, String model, long seq) {
        String commit = "{\"model\":\"" + model + "\",\"seq\":" + seq + ",";
        long found = 0;
        try (StorageBackend b = StorageBackends.open(uri, Map.of())) {
            for (long n = 1; b.stat(block(n)).isPresent(); n++) {
                for (String line : new String(b.getBytes(block(n)), StandardCharsets.UTF_8).split("\n")) {
                    found += line.contains(commit) ? 1 : 0;
                }
            }
        }
        return found;
    }

    @Test
    void aChangesAuditEntryIsSealedWithinTheSealDelayAndAtOnceOnClose() throws Exception {
        String uri = storeUri(temp);
        try (ModelRegistry r = openSealingAfter(uri, "alice", "cache", 100)) {
            r.registerModel(Registration.builder("m").version("1.0.0").build());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (sealedCount(uri, "m", 1) == 0) { // 100 ms and one write, more on a loaded machine
                assertThat(System.nanoTime()).as("sealed by the sealer in time").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(sealedCount(uri, "m", 1)).isEqualTo(1);
        }
        if (!sealsInThisProcess()) {
            return; // a server seals with its own delay
        }
        String slow = storeUri(temp);
        ModelRegistry r = openSealingAfter(slow, "alice", "cache-slow", 60_000);
        try {
            r.registerModel(Registration.builder("m").version("1.0.0").build());
            r.setAlias("m", "production", "1.0.0");
            Thread.sleep(300);
            assertThat(sealedCount(slow, "m", 1)).as("queued for a minute, not sealed yet").isZero();
        } finally {
            r.close();
        }
        assertThat(sealedCount(slow, "m", 1)).as("sealed on close").isEqualTo(1);
        assertThat(sealedCount(slow, "m", 2)).as("sealed on close").isEqualTo(1);
        AuditReport report = verify(slow, AuditVerification.trusting());
        assertThat(report.valid()).as("%s", report.problem()).isTrue();
        assertThat(report.unauditedCount()).isZero();
        assertThat(report.entries()).isEqualTo(2);
    }

    @Test
    void commitsLeftBehindByAProcessThatNeverSealedAreSealedOnceByTheNextOne() throws Exception {
        Assumptions.assumeTrue(sealsInThisProcess(), "the server seals its own entries");
        String uri = storeUri(temp);
        // a process that commits and never seals (its sealer waits a minute), as one killed after its commits would
        ModelRegistry dead = openSealingAfter(uri, "carol", "cache-c", 60_000);
        try {
            dead.registerModel(Registration.builder("m").version("1.0.0").metric("accuracy", 0.9).build());
            dead.setAlias("m", "production", "1.0.0");
            Thread.sleep(2_500); // another process seals a commit left behind once it is 2 s old
            assertThat(sealedCount(uri, "m", 1)).isZero();
            try (ModelRegistry next = open(uri, "dave", "cache-d", AuditOptions.defaults())) {
                next.registerModel(Registration.builder("n").version("1.0.0").build()); // a writer: its sealer seals them
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (sealedCount(uri, "m", 2) == 0) {
                    assertThat(System.nanoTime()).as("sealed by the next process's sealer").isLessThan(deadline);
                    Thread.sleep(50);
                }
                AuditReport report = next.audit().verify(AuditVerification.trusting());
                assertThat(report.valid()).as("%s", report.problem()).isTrue();
                assertThat(report.unauditedCount()).isZero();
                assertThat(report.pendingCount()).isZero();
                List<AuditEntry> carols = next.audit().query(AuditQuery.all().principal("carol"));
                assertThat(carols).extracting(AuditEntry::action).containsExactly("register", "set_alias");
                assertThat(carols).extracting(AuditEntry::resource).containsExactly("m:1.0.0", "m:1.0.0");
                assertThat(carols).allSatisfy(e -> assertThat(e.details()).containsEntry("recovered", "true"));
                assertThat(carols.get(1).details()).containsEntry("alias", "production");
                assertThat(carols).flatExtracting(AuditEntry::commits).extracting(c -> c.model() + "#" + c.seq())
                        .containsExactly("m#1", "m#2");
            }
        } finally {
            dead.close(); // it seals what it still holds: the entries found sealed already are left out
        }
        assertThat(sealedCount(uri, "m", 1)).as("sealed once").isEqualTo(1);
        assertThat(sealedCount(uri, "m", 2)).as("sealed once").isEqualTo(1);
        AuditReport after = verify(uri, AuditVerification.trusting());
        assertThat(after.valid()).as("%s", after.problem()).isTrue();
        assertThat(after.unauditedCount()).isZero();
    }

    @Test
    void aForgedLogEntryIsReportedOnceOlderThanTheLagWhateverAuditIntentItCarries() throws Exception {
        String uri = eightEntries();
        String forged = String.format("models/m/log/%020d.json", 9);
        String other = String.format("models/m/log/%020d.json", 10);
        tamper(uri, b -> { // entry 8's bytes, audit intent and all, as entry 9: the intent is not made for it
            String eight = new String(b.getBytes(String.format("models/m/log/%020d.json", 8)), StandardCharsets.UTF_8);
            assertThat(eight).contains("\"audit\":{");
            b.putBytes(forged, eight.replace("\"seq\":8", "\"seq\":9").getBytes(StandardCharsets.UTF_8));
            // and one with no intent at all
            b.putBytes(other, eight.replace("\"seq\":8", "\"seq\":10").replaceFirst(",\"audit\":\\{.*\\}\\}$", "}")
                    .getBytes(StandardCharsets.UTF_8));
        });
        Thread.sleep(2_500); // past the 2 s after which another process may seal a commit left behind
        AuditReport young = verify(uri, AuditVerification.trusting().withMaxAuditLag(Duration.ofHours(1)));
        assertThat(young.valid()).as("not sealed by anyone, and young enough to be waiting").isTrue();
        assertThat(young.pendingCount()).isEqualTo(2);
        assertThat(young.unaudited()).containsExactly(forged, other);
        assertProblem(verify(uri, AuditVerification.trusting().withMaxAuditLag(Duration.ofSeconds(1))),
                AuditProblem.Kind.UNAUDITED, 9);
    }

    private Path files() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("files"));
        Files.writeString(dir.resolve("weights.bin"), "weights");
        return dir;
    }

    @Test
    void recordsChangesDownloadsDenialsAndPolicyChanges() throws Exception {
        String uri = storeUri(temp);
        try (ModelRegistry alice = open(uri, "alice", "cache-a", AuditOptions.defaults());
             ModelRegistry bob = open(uri, "bob", "cache-b", AuditOptions.defaults())) {
            Instant start = Instant.now();
            alice.registerModel(Registration.builder("fraud").version("1.0.0").artifacts(files()).build());
            alice.setAlias("fraud", "production", "1.0.0");
            alice.updateMetrics("fraud:1.0.0", Map.of("accuracy", 0.9));
            alice.pull("fraud:1.0.0");
            alice.pull("fraud:1.0.0"); // a cache hit: counted for statistics, not audited
            try (InputStream in = bob.openArtifact("fraud@production", "weights.bin")) {
                assertThat(in.readAllBytes()).asString().isEqualTo("weights");
            }
            Instant beforePolicy = Instant.now();
            alice.access().install(AccessPolicy.builder().grant("alice", "model_admin").grant("bob", "viewer").build());
            assertThatThrownBy(() -> bob.setAlias("fraud", "production", "1.0.0"))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> bob.audit().query(AuditQuery.all())).isInstanceOf(AccessDeniedException.class);

            List<AuditEntry> all = alice.audit().query(AuditQuery.all());
            String pull = auditsPullsAsOneEntry() ? "pull" : "open_artifact";
            assertThat(all).extracting(AuditEntry::action).containsExactly("register", "set_alias", "update_metrics",
                    pull, "open_artifact", "change_policy", "set_alias", "read_audit");
            assertThat(all).extracting(AuditEntry::principal).containsExactly("alice", "alice", "alice", "alice", "bob",
                    "alice", "bob", "bob");
            assertThat(all).extracting(AuditEntry::outcome).containsExactly(ok(), ok(), ok(), ok(), ok(), ok(),
                    AuditEntry.Outcome.DENIED, AuditEntry.Outcome.DENIED);
            assertThat(all).extracting(AuditEntry::resource).startsWith("fraud:1.0.0", "fraud:1.0.0", "fraud:1.0.0",
                    "fraud:1.0.0", "fraud:1.0.0", "policy:1");
            assertThat(all).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            for (int i = 1; i < all.size(); i++) {
                assertThat(all.get(i).previousHash()).isEqualTo(all.get(i - 1).hash());
                assertThat(all.get(i).at()).isAfterOrEqualTo(all.get(i - 1).at());
            }
            assertThat(all.get(0).commits()).singleElement().satisfies(c -> {
                assertThat(c.model()).isEqualTo("fraud");
                assertThat(c.seq()).isEqualTo(1);
                assertThat(c.sha256()).hasSize(64);
            });
            assertThat(all.get(1).details()).containsEntry("alias", "production");
            if (auditsPullsAsOneEntry()) {
                assertThat(all.get(3).details()).containsEntry("downloaded_files", "1")
                        .containsEntry("downloaded_bytes", "7");
            } else {
                assertThat(all.get(3).details()).containsEntry("path", "weights.bin");
            }
            assertThat(all.get(4).details()).containsEntry("path", "weights.bin");
            assertThat(all.get(5).details()).containsKeys("policy_key", "sha256");
            assertThat(all.get(6).details()).containsEntry("permission", "models:deploy");
            assertThat(all.get(7).details()).containsEntry("permission", "registry:audit");

            assertThat(alice.audit().query(AuditQuery.all().principal("bob"))).extracting(AuditEntry::seq)
                    .containsExactly(5L, 7L, 8L);
            assertThat(alice.audit().query(AuditQuery.all().action(pull)).stream().map(AuditEntry::seq)
                    .filter(seq -> seq == 4L)).as("the pull").hasSize(1);
            assertThat(alice.audit().query(AuditQuery.all().resource("fraud:*"))).hasSize(6); // the denied alias move names the version too
            assertThat(alice.audit().query(AuditQuery.all().resource("fraud*"))).hasSize(6);
            assertThat(alice.audit().query(AuditQuery.all().resource("policy:*"))).extracting(AuditEntry::seq)
                    .containsExactly(6L);
            assertThat(alice.audit().query(AuditQuery.all().between(start, beforePolicy))).extracting(AuditEntry::seq)
                    .containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(alice.audit().query(AuditQuery.all().between(beforePolicy, null).limit(2)))
                    .extracting(AuditEntry::seq).containsExactly(6L, 7L);

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long exported = alice.audit().export(AuditQuery.all(), out);
            String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
            assertThat(exported).isEqualTo(lines.length).isEqualTo(8); // reading the trail is not itself audited
            for (int i = 1; i < lines.length; i++) {
                assertThat(field(lines[i], "prev")).isEqualTo(sha256(lines[i - 1].getBytes(StandardCharsets.UTF_8)));
            }
            AuditReport report = alice.audit().verify(AuditVerification.trusting());
            assertThat(report.valid()).as("%s", report.problem()).isTrue();
            assertThat(report.entries()).isEqualTo(8);
            assertThat(report.logEntries()).isEqualTo(3);
            assertThat(report.unauditedCount()).isZero();
            assertThatThrownBy(() -> alice.audit().checkpoint()).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("signing key");
        }
    }

    @Test
    void queriesForOneResourcePrincipalOrActionReadTheirEntriesFromEveryProcess() throws Exception {
        String uri = storeUri(temp);
        try (ModelRegistry alice = open(uri, "alice", "cache-a", AuditOptions.defaults());
             ModelRegistry bob = open(uri, "bob", "cache-b", AuditOptions.defaults())) {
            alice.registerModel(Registration.builder("fraud").version("1.0.0").artifacts(files()).build());
            alice.registerModel(Registration.builder("fraud").version("1.1.0").artifacts(files()).build());
            AuditQuery first = AuditQuery.all().resource("fraud:1.0.0");
            assertThat(alice.audit().query(first)).extracting(AuditEntry::action).containsExactly("register");
            assertThat(alice.audit().query(AuditQuery.all().principal("bob"))).isEmpty();
            bob.setAlias("fraud", "production", "1.0.0"); // another process appends after that query
            sealed(bob);
            for (int i = 0; i < 70; i++) { // more blocks than one read-ahead window
                bob.updateMetrics("fraud:1.1.0", Map.of("step", (double) i));
                sealed(bob);
            }
            bob.updateMetrics("fraud:1.0.0", Map.of("accuracy", 0.9));
            sealed(bob);

            List<AuditEntry> one = alice.audit().query(first);
            assertThat(one).extracting(AuditEntry::action).containsExactly("register", "set_alias", "update_metrics");
            assertThat(one).extracting(AuditEntry::principal).containsExactly("alice", "bob", "bob");
            assertThat(one).isEqualTo(alice.audit().query(AuditQuery.all()).stream()
                    .filter(e -> e.resource().equals("fraud:1.0.0")).toList()); // what the whole chain says
            assertThat(alice.audit().query(first.limit(2))).extracting(AuditEntry::action)
                    .containsExactly("register", "set_alias");
            assertThat(alice.audit().query(first.principal("bob").action("update_metrics"))).hasSize(1);
            assertThat(alice.audit().query(AuditQuery.all().principal("bob"))).hasSize(72);
            assertThat(alice.audit().query(AuditQuery.all().action("update_metrics").newestFirst(true).limit(1)))
                    .extracting(AuditEntry::resource).containsExactly("fraud:1.0.0");
            assertThat(alice.audit().query(AuditQuery.all().resource("fraud:1.1.0"))).hasSize(71);
            assertThat(bob.audit().query(AuditQuery.all().resource("fraud:1.1.0"))).hasSize(71);
            assertThat(alice.audit().query(AuditQuery.all().resource("fraud:9.9.9"))).isEmpty();

            // newest first, read from the end of the trail
            List<AuditEntry> all = alice.audit().query(AuditQuery.all());
            assertThat(alice.audit().query(AuditQuery.all().newestFirst(true).limit(3)))
                    .isEqualTo(reversed(all.subList(all.size() - 3, all.size())));
            assertThat(bob.audit().query(AuditQuery.all().newestFirst(true))).isEqualTo(reversed(all));
            assertThat(alice.audit().query(first.newestFirst(true))).isEqualTo(reversed(one));
            assertThat(alice.audit().query(first.newestFirst(true).limit(1))).extracting(AuditEntry::principal,
                    AuditEntry::action).containsExactly(Tuple.tuple("bob", "update_metrics"));
            Instant mid = all.get(40).at();
            assertThat(alice.audit().query(AuditQuery.all().between(mid, null).newestFirst(true)))
                    .isEqualTo(reversed(all.stream().filter(e -> !e.at().isBefore(mid)).toList()));
            assertThat(alice.audit().query(AuditQuery.all().principal("alice").newestFirst(true).limit(1)))
                    .extracting(AuditEntry::seq).containsExactly(2L);
        }
    }

    /**
     * Seals the entries of {@code r}'s changes now, each change in a block of its own: a process's own read of the
     * trail seals the entries it queued (other processes see them once its sealer has written them, within a bound).
     */
    private static void sealed(ModelRegistry r) {
        r.audit().query(AuditQuery.all().limit(1));
    }

    private static List<AuditEntry> reversed(List<AuditEntry> entries) {
        List<AuditEntry> copy = new ArrayList<>(entries);
        Collections.reverse(copy);
        return copy;
    }

    private static AuditEntry.Outcome ok() {
        return AuditEntry.Outcome.OK;
    }

    @Test
    void checkpointsAreSignedEveryNEntriesAndVerify() throws Exception {
        String uri = storeUri(temp);
        try (ModelRegistry r = open(uri, "alice", "cache", AuditOptions.defaults().signedWith(KEY)
                .checkpointing(4, Duration.ofHours(1)))) {
            r.registerModel(Registration.builder("m").version("1.0.0").build());
            for (int i = 0; i < 9; i++) {
                r.updateMetrics("m:1.0.0", Map.of("step", (double) i));
            }
            AuditReport report = r.audit().verify(AuditVerification.trusting(KEY.getPublic()));
            assertThat(report.valid()).as("%s", report.problem()).isTrue();
            assertThat(report.entries()).isEqualTo(10);
            assertThat(report.trustedCheckpoints()).isEqualTo(2);
            assertThat(report.sealedUpTo()).isEqualTo(8);
            AuditCheckpoint sealed = r.audit().checkpoint();
            assertThat(sealed.seq()).isEqualTo(10);
            assertThat(r.audit().newestCheckpoint()).contains(sealed);
            AuditReport again = r.audit().verify(AuditVerification.trusting(KEY.getPublic()).withCheckpoint(sealed));
            assertThat(again.valid()).isTrue();
            assertThat(again.sealedUpTo()).isEqualTo(10);
            // verifying with another key: the stored checkpoints are not trusted, which is a problem
            AuditReport stranger = r.audit().verify(AuditVerification.trusting(SigningKeys.generate().getPublic()));
            assertThat(stranger.problem().kind()).isEqualTo(AuditProblem.Kind.BAD_CHECKPOINT);
            assertThat(stranger.problem().position()).isEqualTo(4);
        }
    }

    /** A store with 8 audit entries by alice (a registration, then metrics), one per block. */
    private String eightEntries() throws Exception {
        String uri = storeUri(temp);
        try (ModelRegistry r = open(uri, "alice", "cache", AuditOptions.defaults())) {
            r.registerModel(Registration.builder("m").version("1.0.0").build());
            sealed(r);
            for (int i = 0; i < 7; i++) {
                r.updateMetrics("m:1.0.0", Map.of("step", (double) i));
                sealed(r);
            }
        }
        return uri;
    }

    private AuditReport verify(String uri, AuditVerification v) {
        try (ModelRegistry r = open(uri, "alice", "cache", AuditOptions.defaults())) {
            return r.audit().verify(v);
        }
    }

    private static void tamper(String uri, Consumer<StorageBackend> change) {
        try (StorageBackend backend = StorageBackends.open(uri, Map.of())) {
            change.accept(backend);
        }
    }

    private static String block(long n) {
        return String.format("audit/chain/%020d.jsonl", n);
    }

    private static void assertProblem(AuditReport report, AuditProblem.Kind kind, long position) {
        assertThat(report.valid()).isFalse();
        assertThat(report.problem().kind()).as("%s", report.problem()).isEqualTo(kind);
        assertThat(report.problem().position()).as("%s", report.problem()).isEqualTo(position);
    }

    @Test
    void anEditedByteIsFoundAtItsEntry() throws Exception {
        String uri = eightEntries();
        tamper(uri, b -> {
            String text = new String(b.getBytes(block(3)), StandardCharsets.UTF_8);
            b.putBytes(block(3), text.replace("\"alice\"", "\"alicf\"").getBytes(StandardCharsets.UTF_8));
        });
        assertProblem(verify(uri, AuditVerification.trusting()), AuditProblem.Kind.EDITED, 3);
    }

    @Test
    void aDeletedEntryIsFoundAtItsPosition() throws Exception {
        String uri = eightEntries();
        tamper(uri, b -> b.delete(block(4)));
        assertProblem(verify(uri, AuditVerification.trusting()), AuditProblem.Kind.OUT_OF_ORDER, 4);
        String closed = eightEntries(); // the gap closed by renaming the blocks after it
        tamper(closed, b -> {
            for (long n = 4; n < 8; n++) {
                b.putBytes(block(n), b.getBytes(block(n + 1)));
            }
            b.delete(block(8));
        });
        assertProblem(verify(closed, AuditVerification.trusting()), AuditProblem.Kind.OUT_OF_ORDER, 4);
    }

    @Test
    void swappedEntriesAreFoundAtTheFirst() throws Exception {
        String uri = eightEntries();
        tamper(uri, b -> {
            byte[] three = b.getBytes(block(3));
            b.putBytes(block(3), b.getBytes(block(5)));
            b.putBytes(block(5), three);
        });
        assertProblem(verify(uri, AuditVerification.trusting()), AuditProblem.Kind.OUT_OF_ORDER, 3);
    }

    @Test
    void anInsertedEntryIsFoundAtItsPosition() throws Exception {
        String uri = eightEntries();
        tamper(uri, b -> {
            for (long n = 8; n >= 6; n--) {
                b.putBytes(block(n + 1), b.getBytes(block(n)));
            }
            String five = new String(b.getBytes(block(5)), StandardCharsets.UTF_8).strip();
            String forged = five.replace("\"seq\":5,", "\"seq\":6,")
                    .replaceFirst("\"prev\":\"[0-9a-f]{64}\"", "\"prev\":\"" + sha256(five.getBytes(StandardCharsets.UTF_8)) + "\"")
                    .replace("\"alice\"", "\"mallory\"");
            b.putBytes(block(6), (forged + "\n").getBytes(StandardCharsets.UTF_8));
        });
        assertProblem(verify(uri, AuditVerification.trusting()), AuditProblem.Kind.OUT_OF_ORDER, 6);
    }

    @Test
    void forgedCheckpointsAreRefused() throws Exception {
        String uri = eightEntries();
        KeyPair mallory = SigningKeys.generate();
        try (ModelRegistry forger = open(uri, "mallory", "cache-m", AuditOptions.defaults().signedWith(mallory))) {
            forger.audit().checkpoint(); // a checkpoint by a key the verifier does not trust
        }
        AuditReport report = verify(uri, AuditVerification.trusting(KEY.getPublic()));
        assertThat(report.problem().kind()).isEqualTo(AuditProblem.Kind.BAD_CHECKPOINT);
        assertThat(report.problem().message()).contains("not trusted");

        String other = eightEntries();
        try (ModelRegistry signer = open(other, "alice", "cache-s", AuditOptions.defaults().signedWith(KEY))) {
            signer.audit().checkpoint();
        }
        tamper(other, b -> { // the trusted key's id, a signature of something else
            String key = String.format("audit/checkpoints/%020d.json", 8);
            String text = new String(b.getBytes(key), StandardCharsets.UTF_8);
            String fake = Base64.getEncoder().encodeToString(new byte[64]);
            b.putBytes(key, text.replaceFirst("\"signature\":\"[^\"]+\"", "\"signature\":\"" + fake + "\"")
                    .getBytes(StandardCharsets.UTF_8));
        });
        AuditReport forged = verify(other, AuditVerification.trusting(KEY.getPublic()));
        assertProblem(forged, AuditProblem.Kind.BAD_CHECKPOINT, 8);
        assertThat(forged.problem().message()).contains("does not verify");
    }

    @Test
    void aRewrittenChainFailsAtTheCheckpointAndTruncationIsFound() throws Exception {
        String uri = eightEntries();
        AuditCheckpoint sealed;
        try (ModelRegistry signer = open(uri, "alice", "cache-s", AuditOptions.defaults().signedWith(KEY))) {
            sealed = signer.audit().checkpoint();
        }
        tamper(uri, b -> { // edit entry 2, then re-link every later entry: the chain alone looks intact
            String prev = null;
            for (long n = 1; n <= 8; n++) {
                String line = new String(b.getBytes(block(n)), StandardCharsets.UTF_8).strip();
                if (prev != null) {
                    line = line.replaceFirst("\"prev\":\"[0-9a-f]{64}\"", "\"prev\":\"" + prev + "\"");
                }
                if (n == 2) {
                    line = line.replace("\"alice\"", "\"mallory\"");
                }
                b.putBytes(block(n), (line + "\n").getBytes(StandardCharsets.UTF_8));
                prev = sha256(line.getBytes(StandardCharsets.UTF_8));
            }
        });
        assertThat(verify(uri, AuditVerification.trusting()).valid()).as("the chain alone").isTrue();
        assertProblem(verify(uri, AuditVerification.trusting(KEY.getPublic())), AuditProblem.Kind.CHECKPOINT_MISMATCH, 8);
        assertProblem(verify(uri, AuditVerification.trusting().withCheckpoint(sealed)),
                AuditProblem.Kind.CHECKPOINT_MISMATCH, 8);

        String truncated = eightEntries();
        AuditCheckpoint kept;
        try (ModelRegistry signer = open(truncated, "alice", "cache-t", AuditOptions.defaults().signedWith(KEY))) {
            kept = signer.audit().checkpoint();
        }
        tamper(truncated, b -> {
            b.delete(block(8));
            b.delete(block(7));
            b.delete(String.format("audit/checkpoints/%020d.json", 8));
        });
        assertProblem(verify(truncated, AuditVerification.trusting(KEY.getPublic()).withCheckpoint(kept)),
                AuditProblem.Kind.TRUNCATED, 7);
    }

    @Test
    void aCheckpointKeptOutsideTheStoreCatchesARewrittenChainWhoseStoredCheckpointsWereDeleted() throws Exception {
        String uri = eightEntries();
        Path file = temp.resolve("outside.json");
        try (ModelRegistry signer = open(uri, "alice", "cache-o", AuditOptions.defaults().signedWith(KEY))) {
            assertThat(signer.audit().checkpointTo(file).seq()).isEqualTo(8);
        }
        AuditCheckpoint kept = AuditCheckpoint.parse(Files.readString(file));
        assertThat(verify(uri, AuditVerification.trusting(KEY.getPublic()).withCheckpoint(kept)).valid()).isTrue();
        tamper(uri, b -> { // rewrite entry 3, re-link the chain, delete the stored checkpoint that would betray it
            String prev = null;
            for (long n = 1; n <= 8; n++) {
                String line = new String(b.getBytes(block(n)), StandardCharsets.UTF_8).strip();
                if (prev != null) {
                    line = line.replaceFirst("\"prev\":\"[0-9a-f]{64}\"", "\"prev\":\"" + prev + "\"");
                }
                if (n == 3) {
                    line = line.replace("\"alice\"", "\"mallory\"");
                }
                b.putBytes(block(n), (line + "\n").getBytes(StandardCharsets.UTF_8));
                prev = sha256(line.getBytes(StandardCharsets.UTF_8));
            }
            b.delete(String.format("audit/checkpoints/%020d.json", 8));
        });
        assertThat(verify(uri, AuditVerification.trusting(KEY.getPublic())).valid())
                .as("the trusted key alone: nothing in the store is left to contradict the chain").isTrue();
        assertProblem(verify(uri, AuditVerification.trusting(KEY.getPublic()).withCheckpoint(kept)),
                AuditProblem.Kind.CHECKPOINT_MISMATCH, 8);

        AuditCheckpoint forged = new AuditCheckpoint(kept.seq(), (kept.entryHash().startsWith("0") ? "1" : "0")
                + kept.entryHash().substring(1), kept.at(),
                kept.keyId(), kept.signature());
        assertThat(verify(uri, AuditVerification.trusting(KEY.getPublic()).withCheckpoint(forged)).problem().kind())
                .as("a file checkpoint is checked against the trusted keys").isEqualTo(AuditProblem.Kind.BAD_CHECKPOINT);
    }

    @Test
    void anEditedModelLogEntryIsFound() throws Exception {
        String uri = eightEntries();
        String logKey = String.format("models/m/log/%020d.json", 3);
        tamper(uri, b -> {
            String text = new String(b.getBytes(logKey), StandardCharsets.UTF_8);
            b.putBytes(logKey, text.replace("\"step\":1.0", "\"step\":100.0").getBytes(StandardCharsets.UTF_8));
        });
        AuditReport report = verify(uri, AuditVerification.trusting());
        assertProblem(report, AuditProblem.Kind.LOG_ENTRY_CHANGED, 3);
        assertThat(report.problem().location()).isEqualTo(logKey);
        assertThat(verify(uri, AuditVerification.trusting().chainOnly()).valid()).isTrue();

        String deleted = eightEntries();
        tamper(deleted, b -> b.delete(String.format("models/m/log/%020d.json", 8)));
        assertProblem(verify(deleted, AuditVerification.trusting()), AuditProblem.Kind.LOG_ENTRY_MISSING, 8);
    }

    @Test
    void anEditedLogSnapshotIsFound() throws Exception {
        String uri = storeUri(temp);
        try (ModelRegistry r = open(uri, "alice", "cache", AuditOptions.defaults())) {
            r.registerModel(Registration.builder("m").version("1.0.0").build());
            r.registerModel(Registration.builder("m").version("2.0.0").build());
            for (int i = 0; i < 33; i++) { // past entry 32, where the log writes a snapshot
                r.updateMetrics("m:1.0.0", Map.of("step", (double) i));
            }
        }
        assertThat(verify(uri, AuditVerification.trusting()).valid()).isTrue();
        String snapshot = String.format("models/m/checkpoints/%020d.json", 32);
        tamper(uri, b -> { // what resolves, changed where only the snapshot says so
            String text = new String(b.getBytes(snapshot), StandardCharsets.UTF_8);
            b.putBytes(snapshot, text.replace("\"version\":\"2.0.0\"", "\"version\":\"2.0.1\"")
                    .getBytes(StandardCharsets.UTF_8));
        });
        AuditReport report = verify(uri, AuditVerification.trusting());
        assertProblem(report, AuditProblem.Kind.LOG_SNAPSHOT_CHANGED, 32);
        assertThat(report.problem().location()).isEqualTo(snapshot);
    }

    @Test
    void aLogEntryWrittenBehindTheLibrarysBackFailsVerificationOnceOlderThanTheAuditLag() throws Exception {
        String uri = eightEntries();
        String forged = String.format("models/m/log/%020d.json", 9);
        tamper(uri, b -> {
            String eight = new String(b.getBytes(String.format("models/m/log/%020d.json", 8)), StandardCharsets.UTF_8);
            b.putBytes(forged, eight.replace("\"seq\":8", "\"seq\":9").getBytes(StandardCharsets.UTF_8));
        });
        AuditReport young = verify(uri, AuditVerification.trusting().withMaxAuditLag(Duration.ofHours(1)));
        assertThat(young.valid()).as("its audit entry may still be on its way").isTrue();
        assertThat(young.pendingCount()).isEqualTo(1);
        assertThat(young.unaudited()).containsExactly(forged);

        AuditReport old = verify(uri, AuditVerification.trusting().withMaxAuditLag(Duration.ZERO));
        assertProblem(old, AuditProblem.Kind.UNAUDITED, 9);
        assertThat(old.problem().location()).isEqualTo(forged);
        assertThat(old.pendingCount()).isZero();

        AuditReport tolerated = verify(uri, AuditVerification.trusting().withMaxAuditLag(Duration.ZERO)
                .toleratingUnaudited());
        assertThat(tolerated.valid()).isTrue();
        assertThat(tolerated.unaudited()).containsExactly(forged);
    }

    @Test
    void aLogEntryClaimingAFutureTimeIsNotPending() throws Exception {
        String uri = eightEntries();
        tamper(uri, b -> {
            String eight = new String(b.getBytes(String.format("models/m/log/%020d.json", 8)), StandardCharsets.UTF_8);
            b.putBytes(String.format("models/m/log/%020d.json", 9), eight.replace("\"seq\":8", "\"seq\":9")
                    .replaceFirst("\"at\":\"[^\"]+\"", "\"at\":\"2999-01-01T00:00:00Z\"")
                    .getBytes(StandardCharsets.UTF_8));
        });
        AuditReport report = verify(uri, AuditVerification.trusting());
        assertProblem(report, AuditProblem.Kind.UNAUDITED, 9);
        assertThat(report.problem().message()).contains("in the future");
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as("%s in %s", name, json).isTrue();
        return m.group(1);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
