package io.jmreg.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.Bump;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.VersionStrategy;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.exceptions.IntegrityException;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.exceptions.VersionConflictException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.model.AliasChange;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.Dataset;
import io.jmreg.api.model.GcReport;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.TrainingInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behaviour of {@link ModelRegistry} that every backend must give identically: registration, references,
 * aliases, updates, deletion, artifacts, integrity, garbage collection, lineage, concurrency.
 */
public abstract class ModelRegistryContract {
    /** For subclasses that bind the suite to a backend. */
    protected ModelRegistryContract() {
    }

    /** Scratch space for artifacts and caches. */
    @TempDir
    protected Path temp;
    /** The registry under test. */
    protected ModelRegistry registry;

    /** The URI of a fresh, empty store for this test (it may use {@code temp}); every instance opens it. */
    protected abstract String storeUri(Path temp) throws Exception;

    /** This test's store. */
    protected String uri;

    /** Opens a registry on this test's store, with its pull cache under {@code cacheDir}. */
    protected ModelRegistry openRegistry(Path cacheDir) {
        return ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(cacheDir).build());
    }

    /** Opens a second registry instance on the same store (another "process"), with its own cache. */
    protected ModelRegistry openSecondInstance(Path cacheDir) {
        return openRegistry(cacheDir);
    }

    /** Flips one byte of the stored blob with this SHA-256, behind the registry's back. */
    protected void corruptStoredBlob(String sha256) {
        StoreFixtures.corruptBlob(uri, sha256);
    }

    @BeforeEach
    void open() throws Exception {
        uri = storeUri(temp);
        registry = openRegistry(temp.resolve("cache"));
    }

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    /** Writes a directory of artifact files with deterministic random content. */
    protected Path artifactDir(String name, long seed, int... sizes) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("artifacts").resolve(name));
        Random random = new Random(seed);
        for (int i = 0; i < sizes.length; i++) {
            byte[] data = new byte[sizes[i]];
            random.nextBytes(data);
            Path file = i == 0 ? dir.resolve("model.bin") : dir.resolve("extra").resolve("part-" + i + ".bin");
            Files.createDirectories(file.getParent());
            Files.write(file, data);
        }
        Files.writeString(dir.resolve("config.json"), "{\"seed\":" + seed + "}");
        return dir;
    }

    /** Hex SHA-256 of a file. */
    protected static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private ModelVersion register(String name, String version) throws IOException {
        return registry.registerModel(Registration.builder(name).version(version)
                .artifacts(artifactDir(name + "-" + version, version.hashCode(), 1000)).build());
    }

    private long blobCount() {
        return registry.collectGarbage(Duration.ofDays(3650)).blobsScanned();
    }

    @Test
    void registersADirectoryWithItsFullRecordAndResolvesIt() throws Exception {
        Path dir = artifactDir("sentiment", 1, 5000, 70_000);
        ModelVersion v = registry.registerModel(Registration.builder("sentiment").version("1.2.0").artifacts(dir)
                .description("first").tags("nlp", "baseline").owner("team-a").type("classification")
                .metric("training.final_loss", 0.12).metric("evaluation.accuracy", 0.91)
                .trainingInfo(new TrainingInfo(List.of(Dataset.of("reviews", "2024-01")), Map.of("r", 8),
                        Map.of("lr", 0.001), 3, 32, 1e-3, 1000L, Duration.ofMinutes(42), 1.5, 3.2, "1x A100"))
                .lineage(new Lineage(null, List.of("reviews"), "abc123", null, Map.of("python", "3.11"), null, null))
                .custom("team", Map.of("slack", "#ml")).build());

        assertThat(v.reference()).isEqualTo("sentiment:1.2.0");
        assertThat(v.artifacts().files()).extracting(ArtifactFile::path)
                .containsExactly("config.json", "extra/part-1.bin", "model.bin");
        for (ArtifactFile f : v.artifacts().files()) {
            assertThat(f.sha256()).isEqualTo(sha256(dir.resolve(f.path())));
            assertThat(f.size()).isEqualTo(Files.size(dir.resolve(f.path())));
        }
        assertThat(v.artifacts().file("config.json").orElseThrow().mediaType()).isEqualTo("application/json");
        assertThat(v.storage().totalSize()).isEqualTo(5000 + 70_000 + Files.size(dir.resolve("config.json")));

        ModelVersion resolved = registry.resolve("sentiment:1.2.0");
        assertThat(resolved).isEqualTo(v);
        assertThat(resolved.trainingInfo().datasets()).containsExactly(Dataset.of("reviews", "2024-01"));
        assertThat(resolved.trainingInfo().duration()).isEqualTo(Duration.ofMinutes(42));
        assertThat(resolved.lineage().codeCommit()).isEqualTo("abc123");
        assertThat(resolved.metrics()).containsEntry("evaluation.accuracy", 0.91);
        assertThat(resolved.custom()).containsKey("team");
        assertThat(registry.listModels()).containsExactly("sentiment");
        assertThat(registry.getModel("sentiment").latestVersion()).isEqualTo("1.2.0");
    }

    @Test
    void registersASingleFileUnderItsName() throws Exception {
        Path file = temp.resolve("weights.safetensors.bin");
        Files.write(file, new byte[] {1, 2, 3});
        ModelVersion v = registry.registerModel(Registration.builder("single").version("0.1.0").artifacts(file).build());
        assertThat(v.artifacts().files()).singleElement().extracting(ArtifactFile::path).isEqualTo("weights.safetensors.bin");
    }

    @Test
    void bumpsGiveTheNextVersion() {
        assertThat(registry.registerModel(Registration.builder("b").bump(Bump.MAJOR).build()).version()).isEqualTo("1.0.0");
        assertThat(registry.registerModel(Registration.builder("b").bump(Bump.MINOR).build()).version()).isEqualTo("1.1.0");
        assertThat(registry.registerModel(Registration.builder("b").bump(Bump.PATCH).build()).version()).isEqualTo("1.1.1");
        assertThat(registry.registerModel(Registration.builder("b").bump(Bump.MAJOR).build()).version()).isEqualTo("2.0.0");
        assertThat(registry.registerModel(Registration.builder("c").bump(Bump.PATCH).build()).version()).isEqualTo("0.0.1");
        assertThat(registry.registerModel(Registration.builder("d").build()).version()).isEqualTo("0.1.0");
    }

    @Test
    void everyReferenceFormResolves() throws Exception {
        for (String v : List.of("1.0.0", "1.2.0", "1.2.5", "1.3.0", "2.0.0", "2.5.1", "3.0.0-rc.1")) {
            register("m", v);
        }
        assertThat(registry.resolve("m").version()).isEqualTo("2.5.1");
        assertThat(registry.resolve("m:latest").version()).isEqualTo("2.5.1");
        assertThat(registry.resolve("m:1.2.0").version()).isEqualTo("1.2.0");
        assertThat(registry.resolve("m:^1.2").version()).isEqualTo("1.3.0");
        assertThat(registry.resolve("m:~1.2.3").version()).isEqualTo("1.2.5");
        assertThat(registry.resolve("m:>=2.0.0 <3.0.0").version()).isEqualTo("2.5.1");
        assertThat(registry.resolve("m:3.0.0-rc.1").version()).isEqualTo("3.0.0-rc.1");
        registry.setAlias("m", "production", "1.2.5");
        assertThat(registry.resolve("m@production").version()).isEqualTo("1.2.5");
        ModelVersion v = registry.resolve("m:1.0.0");
        assertThat(registry.resolve("m@sha256:" + v.artifacts().digest()).version()).isEqualTo("1.0.0");

        assertThatThrownBy(() -> registry.resolve("m:9.9.9")).isInstanceOf(VersionNotFoundException.class)
                .hasMessageContaining("9.9.9");
        assertThatThrownBy(() -> registry.resolve("m:^7")).isInstanceOf(VersionNotFoundException.class);
        assertThatThrownBy(() -> registry.resolve("m@staging")).isInstanceOf(VersionNotFoundException.class)
                .hasMessageContaining("staging");
        assertThatThrownBy(() -> registry.resolve("nope")).isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void namespacedModelsWork() {
        registry.registerModel(Registration.builder("meta-llama/llama-2-7b").version("1.0.0").build());
        assertThat(registry.listModels()).containsExactly("meta-llama/llama-2-7b");
        assertThat(registry.resolve("meta-llama/llama-2-7b:1.0.0").name()).isEqualTo("meta-llama/llama-2-7b");
    }

    @Test
    void aliasesMoveAtomicallyAndKeepTheirHistory() throws Exception {
        register("a", "1.0.0");
        register("a", "1.1.0");
        registry.setAlias("a", "production", "1.0.0");
        registry.setAlias("a", "production", "1.1.0");
        registry.setAlias("a", "champion", "1.0.0");
        registry.removeAlias("a", "champion");
        registry.removeAlias("a", "champion"); // idempotent
        assertThat(registry.aliases("a")).containsExactly(Map.entry("production", "1.1.0"));
        List<AliasChange> history = registry.aliasHistory("a", "production");
        assertThat(history).extracting(AliasChange::version).containsExactly("1.0.0", "1.1.0");
        assertThat(history).extracting(AliasChange::previous).containsExactly(null, "1.0.0");
        assertThat(history.get(1).by()).isNotBlank();
        assertThat(history.get(1).at()).isAfterOrEqualTo(history.get(0).at());
        assertThat(registry.aliasHistory("a", "champion")).extracting(AliasChange::version).containsExactly("1.0.0", null);
        assertThatThrownBy(() -> registry.setAlias("a", "production", "9.0.0")).isInstanceOf(VersionNotFoundException.class);
    }

    @Test
    void metricsAndTagsUpdateAfterRegistration() throws Exception {
        register("u", "1.0.0");
        ModelVersion v = registry.updateMetrics("u:1.0.0", Map.of("evaluation.rag_accuracy", 0.87));
        assertThat(v.metrics()).containsEntry("evaluation.rag_accuracy", 0.87);
        v = registry.updateTags("u:1.0.0", Set.of("gold", "nlp"), Set.of());
        v = registry.updateTags("u:1.0.0", Set.of(), Set.of("nlp"));
        assertThat(v.tags()).containsExactly("gold");
        assertThat(registry.resolve("u:1.0.0").metrics()).containsEntry("evaluation.rag_accuracy", 0.87);
        assertThat(registry.resolve("u:1.0.0").updatedAt()).isAfterOrEqualTo(v.created());
    }

    @Test
    void descriptionsAreEditableAfterRegistration() throws Exception {
        register("described", "1.0.0");
        registry.updateTags("described:1.0.0", Set.of("gold"), Set.of());
        List<RegistryEvent> events = new ArrayList<>();
        var listening = registry.addListener(events::add);
        try {
            ModelVersion v = registry.updateDescription("described:1.0.0", "# Card\n\nTrained on *fraud* data.");
            assertThat(v.description()).isEqualTo("# Card\n\nTrained on *fraud* data.");
        } finally {
            listening.close();
        }
        ModelVersion read = openSecondInstance(temp.resolve("described-cache")).resolve("described:1.0.0");
        assertThat(read.description()).isEqualTo("# Card\n\nTrained on *fraud* data.");
        assertThat(read.tags()).containsExactly("gold");
        assertThat(read.updatedAt()).isAfterOrEqualTo(read.created());
        assertThat(events).extracting(e -> e.type().name()).contains("UPDATED");
        assertThatThrownBy(() -> registry.updateDescription("described:1.0.0", "x".repeat(65_537)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("65536");
        assertThat(registry.resolve("described:1.0.0").description()).startsWith("# Card");
        assertThat(registry.updateDescription("described:1.0.0", null).description()).isNull();
        assertThatThrownBy(() -> registry.updateDescription("described:9.9.9", "x"))
                .isInstanceOf(VersionNotFoundException.class);
    }

    @Test
    void modelCardsAreSetReplacedAndRemovedAfterTheModelExists() throws Exception {
        register("carded", "1.0.0");
        assertThat(registry.getModel("carded").description()).isNull();
        List<RegistryEvent> events = new ArrayList<>();
        var listening = registry.addListener(events::add);
        ModelSummary set;
        try {
            set = registry.updateModelDescription("carded", "# Carded\n\nDetects *fraud* in card payments.");
        } finally {
            listening.close();
        }
        assertThat(set.name()).isEqualTo("carded");
        assertThat(set.versionCount()).isEqualTo(1);
        assertThat(set.description()).isEqualTo("# Carded\n\nDetects *fraud* in card payments.");
        assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(RegistryEvent.Type.UPDATED);
            assertThat(e.model()).isEqualTo("carded");
            assertThat(e.version()).isNull();
        });

        ModelRegistry second = openSecondInstance(temp.resolve("carded-cache"));
        ModelSummary read = second.getModel("carded");
        assertThat(read.description()).isEqualTo("# Carded\n\nDetects *fraud* in card payments.");
        assertThat(read.latestVersion()).isEqualTo("1.0.0");
        assertThat(second.resolve("carded:1.0.0").description()).isNull(); // the card is the model's, not a version's

        assertThat(registry.updateModelDescription("carded", "Replaced.").description()).isEqualTo("Replaced.");
        assertThatThrownBy(() -> registry.updateModelDescription("carded", "x".repeat(65_537)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("65536");
        assertThat(registry.getModel("carded").description()).isEqualTo("Replaced.");
        assertThat(registry.audit().query(AuditQuery.all().action("update_model_description").resource("carded")))
                .hasSize(2);
        assertThat(registry.updateModelDescription("carded", null).description()).isNull();
        assertThat(registry.getModel("carded").description()).isNull();

        assertThatThrownBy(() -> registry.updateModelDescription("never-registered", "card"))
                .isInstanceOf(ModelNotFoundException.class);
        assertThat(registry.listModels()).doesNotContain("never-registered");
    }

    @Test
    void deletedVersionsDisappearAndTheirNumbersAreNeverReused() throws Exception {
        register("d", "1.0.0");
        register("d", "1.1.0");
        registry.setAlias("d", "production", "1.1.0");
        assertThatThrownBy(() -> registry.deleteVersion("d:1.1.0")).isInstanceOf(OperationNotAllowedException.class)
                .hasMessageContaining("production");
        registry.deleteVersion("d:1.0.0");
        assertThat(registry.listVersions("d")).extracting(ModelVersion::version).containsExactly("1.1.0");
        assertThatThrownBy(() -> registry.resolve("d:1.0.0")).isInstanceOf(VersionNotFoundException.class);
        assertThatThrownBy(() -> register("d", "1.0.0")).isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("deleted");
        assertThatThrownBy(() -> register("d", "1.1.0")).isInstanceOf(VersionConflictException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void identicalBytesAreStoredOnce() throws Exception {
        Path dir = artifactDir("dup", 5, 50_000);
        registry.registerModel(Registration.builder("dup").version("1.0.0").artifacts(dir).build());
        long blobs = blobCount();
        ModelVersion second = registry.registerModel(Registration.builder("dup").version("1.0.1").artifacts(dir).build());
        registry.registerModel(Registration.builder("other").version("1.0.0").artifacts(dir).build());
        assertThat(blobCount()).isEqualTo(blobs);
        assertThat(second.artifacts().digest()).isEqualTo(registry.resolve("dup:1.0.0").artifacts().digest());
    }

    @Test
    void pullMaterialisesVerifiedFilesAndOpenReadsRanges() throws Exception {
        Path dir = artifactDir("p", 9, 300_000);
        registry.registerModel(Registration.builder("p").version("1.0.0").artifacts(dir).build());
        registry.setAlias("p", "production", "1.0.0");

        Path snapshot = registry.pull("p@production");
        assertThat(snapshot.resolve("model.bin")).hasSameBinaryContentAs(dir.resolve("model.bin"));
        assertThat(registry.pull("p:1.0.0")).isEqualTo(snapshot);

        Path target = temp.resolve("pulled");
        registry.pull("p@production", target);
        assertThat(target.resolve("model.bin")).hasSameBinaryContentAs(dir.resolve("model.bin"));
        assertThat(target.resolve("config.json")).hasSameTextualContentAs(dir.resolve("config.json"));

        byte[] all = Files.readAllBytes(dir.resolve("model.bin"));
        try (InputStream in = registry.openArtifact("p@production", "model.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(all);
        }
        try (InputStream in = registry.openArtifact("p@production", "model.bin", 1000, 24)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(all, 1000, 1024));
        }
        assertThatThrownBy(() -> registry.openArtifact("p:1.0.0", "missing.bin")).isInstanceOf(InvalidArtifactException.class);
    }

    @Test
    void concurrentPullsShareOneCacheSafely() throws Exception {
        Path dir = artifactDir("shared-cache", 17, 2_000_000, 300_000);
        registry.registerModel(Registration.builder("sc").version("1.0.0").artifacts(dir).build());
        Path cache = temp.resolve("shared-pull-cache");
        List<ModelRegistry> instances = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 4; i++) {
                instances.add(openSecondInstance(cache));
            }
            List<Future<Path>> pulls = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                ModelRegistry r = instances.get(t % instances.size());
                Path target = temp.resolve("pulled-" + t);
                pulls.add(pool.submit(() -> pullBoth(r, target)));
            }
            Path snapshot = null;
            for (Future<Path> f : pulls) {
                Path p = f.get();
                snapshot = snapshot == null ? p : snapshot;
                assertThat(p).isEqualTo(snapshot);
            }
            for (int t = 0; t < 8; t++) {
                assertThat(temp.resolve("pulled-" + t).resolve("model.bin")).hasSameBinaryContentAs(dir.resolve("model.bin"));
            }
            assertThat(snapshot.resolve("extra/part-1.bin")).hasSameBinaryContentAs(dir.resolve("extra/part-1.bin"));
            try (var leftovers = Files.list(cache.resolve("tmp"))) {
                assertThat(leftovers).isEmpty();
            }
        } finally {
            pool.shutdown();
            instances.forEach(ModelRegistry::close);
        }
    }

    private static Path pullBoth(ModelRegistry r, Path target) {
        r.pull("sc:1.0.0", target);
        return r.pull("sc:1.0.0");
    }

    @Test
    void corruptedBlobsAreNeverHandedOut() throws Exception {
        Path dir = artifactDir("c", 11, 100_000);
        ModelVersion v = registry.registerModel(Registration.builder("c").version("1.0.0").artifacts(dir).build());
        String sha = v.artifacts().file("model.bin").orElseThrow().sha256();
        corruptStoredBlob(sha);
        assertThatThrownBy(() -> registry.pull("c:1.0.0", temp.resolve("out")))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("model.bin").hasMessageContaining(sha);
        assertThat(temp.resolve("out").resolve("model.bin")).doesNotExist();
        assertThatThrownBy(() -> registry.openArtifact("c:1.0.0", "model.bin")).isInstanceOf(IntegrityException.class);
        assertThatThrownBy(() -> registry.pull("c:1.0.0")).isInstanceOf(IntegrityException.class);
    }

    @Test
    void rangedReadsOfALargeFileFetchAndVerifyOnlyTheChunksTheyTouch() throws Exception {
        int mib = 1 << 20;
        Path dir = Files.createDirectories(temp.resolve("large"));
        byte[] data = new byte[20 * mib + 7];
        new Random(5).nextBytes(data);
        Files.write(dir.resolve("model.bin"), data);
        ModelVersion v = registry.registerModel(Registration.builder("lg").version("1.0.0").artifacts(dir).build());
        ArtifactFile file = v.artifacts().file("model.bin").orElseThrow();
        assertThat(file.chunkIndex()).as("large files get a chunk index").isNotNull();
        registry.close();
        registry = openRegistry(temp.resolve("cold-cache"));
        try (InputStream in = registry.openArtifact("lg:1.0.0", "model.bin", 100, 1000)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 100, 1100));
        }
        assertThat(temp.resolve("cold-cache/blobs/" + file.sha256())).as("only a chunk was fetched").doesNotExist();
        corruptStoredBlob(file.sha256()); // flips the middle byte: chunk 2 of 4 MiB chunks
        registry.close();
        registry = openRegistry(temp.resolve("cold-cache-2"));
        try (InputStream in = registry.openArtifact("lg:1.0.0", "model.bin", 17L * mib, 1000)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 17 * mib, 17 * mib + 1000));
        }
        assertThatThrownBy(() -> registry.openArtifact("lg:1.0.0", "model.bin", 10L * mib - 10, 100))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("chunk 2");
        assertThatThrownBy(() -> registry.pull("lg:1.0.0", temp.resolve("out"))).isInstanceOf(IntegrityException.class);
        assertThat(temp.resolve("out/model.bin")).doesNotExist();
    }

    @Test
    void garbageCollectionRemovesOnlyUnreferencedOldBlobs() throws Exception {
        ModelVersion keep = registry.registerModel(Registration.builder("g").version("1.0.0")
                .artifacts(artifactDir("g1", 21, 10_000)).build());
        registry.registerModel(Registration.builder("g").version("2.0.0").artifacts(artifactDir("g2", 22, 20_000)).build());
        registry.deleteVersion("g:2.0.0");
        GcReport young = registry.collectGarbage(Duration.ofHours(1));
        assertThat(young.blobsDeleted()).isZero();
        assertThat(young.blobsTooYoung()).isEqualTo(2); // model.bin and config.json of 2.0.0
        GcReport report = registry.collectGarbage(Duration.ZERO);
        assertThat(report.blobsDeleted()).isEqualTo(2);
        assertThat(report.bytesFreed()).isGreaterThan(20_000);
        registry.pull(keep.reference(), temp.resolve("after-gc"));
        assertThat(temp.resolve("after-gc/model.bin")).exists();
        assertThat(registry.collectGarbage(Duration.ZERO).blobsDeleted()).isZero();
    }

    @Test
    void collectionsRacingRegistrationsNeverDeleteABlobOfALiveVersion() throws Exception {
        int writers = 3;
        int each = 12;
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        AtomicLong collections = new AtomicLong();
        Future<?> collector = pool.submit(() -> {
            while (writing.get()) {
                registry.collectGarbage(Duration.ZERO);
                collections.incrementAndGet();
            }
            return null;
        });
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < writers; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    // fresh content (small and larger files), plus content that earlier versions share (dedup path)
                    Path dir = artifactDir("gcrace-" + thread + "-" + i, thread * 1000L + i, 10_000, 1 << 20, 3_000);
                    Files.write(dir.resolve("shared.bin"), new byte[4096 + (i % 3)]);
                    ModelVersion v = registry.registerModel(Registration.builder("gcrace").bump(Bump.PATCH).artifacts(dir).build());
                    if (i % 4 == 3) {
                        registry.deleteVersion(v.reference()); // its blobs become garbage while others register
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            writing.set(false);
            collector.get();
            pool.shutdown();
        }
        assertThat(collections.get()).as("collections that ran during the registrations").isGreaterThan(0);
        registry.collectGarbage(Duration.ZERO);
        try (ModelRegistry fresh = openSecondInstance(temp.resolve("verify-cache"))) {
            List<ModelVersion> live = fresh.listVersions("gcrace");
            assertThat(live).hasSize(writers * each - writers * (each / 4));
            for (ModelVersion v : live) {
                Path out = fresh.pull(v.reference());
                for (ArtifactFile f : v.artifacts().files()) {
                    assertThat(sha256(out.resolve(f.path()))).as("%s %s", v.reference(), f.path()).isEqualTo(f.sha256());
                }
            }
        }
    }

    @Test
    void lineageLinksParentsAndChildren() {
        registry.registerModel(Registration.builder("base").version("1.0.0").build());
        registry.registerModel(Registration.builder("ft").version("1.0.0")
                .lineage(new Lineage(List.of("base:1.0.0"), null, null, null, null, null, null)).build());
        registry.registerModel(Registration.builder("ft2").version("1.0.0")
                .lineage(new Lineage(List.of("ft:1.0.0"), null, null, null, null, null, null)).build());
        assertThat(registry.lineage().parents("ft:1.0.0")).extracting(ModelVersion::reference).containsExactly("base:1.0.0");
        assertThat(registry.lineage().children("base:1.0.0")).extracting(ModelVersion::reference).containsExactly("ft:1.0.0");
        assertThat(registry.lineage().ancestors("ft2:1.0.0")).extracting(ModelVersion::reference)
                .containsExactly("ft:1.0.0", "base:1.0.0");
        assertThat(registry.lineage().descendants("base")).extracting(ModelVersion::reference)
                .containsExactly("ft:1.0.0", "ft2:1.0.0");
        assertThatThrownBy(() -> registry.registerModel(Registration.builder("orphan").version("1.0.0")
                .lineage(new Lineage(List.of("ghost:1.0.0"), null, null, null, null, null, null)).build()))
                .isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void hashAndTimestampStrategies() throws Exception {
        Path dir = artifactDir("h", 31, 1000);
        ModelVersion h1 = registry.registerModel(Registration.builder("h").strategy(VersionStrategy.HASH).artifacts(dir).build());
        ModelVersion h2 = registry.registerModel(Registration.builder("h").strategy(VersionStrategy.HASH).artifacts(dir).build());
        assertThat(h1.version()).startsWith("0.0.0-sha-").isEqualTo(h2.version());
        assertThat(registry.listVersions("h")).hasSize(1);
        ModelVersion t1 = registry.registerModel(Registration.builder("t").strategy(VersionStrategy.TIMESTAMP).build());
        ModelVersion t2 = registry.registerModel(Registration.builder("t").strategy(VersionStrategy.TIMESTAMP).build());
        assertThat(t1.version()).matches("\\d{8}\\.\\d+\\.\\d+");
        assertThat(registry.listVersions("t")).extracting(ModelVersion::version).containsExactly(t1.version(), t2.version());
    }

    @Test
    void concurrentBumpsInOneProcessNeverShareAVersion() throws Exception {
        int threads = 8;
        int each = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Set<String> versions = ConcurrentHashMap.newKeySet();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    versions.add(registry.registerModel(Registration.builder("race").bump(Bump.PATCH).build()).version());
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(versions).hasSize(threads * each);
        assertThat(registry.listVersions("race")).hasSize(threads * each);
    }

    @Test
    void anotherInstanceSeesChangesWithinTheStalenessBound() throws Exception {
        try (ModelRegistry other = openSecondInstance(temp.resolve("cache2"))) {
            register("shared", "1.0.0");
            registry.setAlias("shared", "production", "1.0.0");
            assertThat(other.resolve("shared@production").version()).isEqualTo("1.0.0");
            register("shared", "1.1.0");
            registry.setAlias("shared", "production", "1.1.0");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String seen = other.resolve("shared@production").version();
            while (!seen.equals("1.1.0") && System.nanoTime() < deadline) {
                Thread.sleep(50);
                seen = other.resolve("shared@production").version();
            }
            assertThat(seen).isEqualTo("1.1.0");
            other.updateMetrics("shared:1.1.0", Map.of("online.ctr", 0.05));
            assertThat(other.resolve("shared:1.1.0").metrics()).containsKey("online.ctr");
        }
    }

    @Test
    void anArtifactOfManyFilesRegistersAndPullsWhole() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("many"));
        Random random = new Random(5);
        for (int i = 0; i < 300; i++) {
            Path f = dir.resolve("shard-" + (i % 7)).resolve("f" + i + ".bin");
            Files.createDirectories(f.getParent());
            byte[] data = new byte[random.nextInt(5000)];
            random.nextBytes(data);
            Files.write(f, data);
        }
        ModelVersion v = registry.registerModel(Registration.builder("many").version("1.0.0").artifacts(dir).build());
        assertThat(v.artifacts().files()).hasSize(300);
        try (ModelRegistry other = openSecondInstance(temp.resolve("many-cache"))) {
            Path snapshot = other.pull("many:1.0.0");
            Path copy = other.pull("many:1.0.0", temp.resolve("many-copy"));
            for (ArtifactFile f : v.artifacts().files()) {
                assertThat(sha256(snapshot.resolve(f.path()))).isEqualTo(f.sha256());
                assertThat(sha256(copy.resolve(f.path()))).isEqualTo(f.sha256());
                assertThat(Files.readAllBytes(copy.resolve(f.path()))).isEqualTo(Files.readAllBytes(dir.resolve(f.path())));
            }
        }
    }

    @Test
    void artifactsWithEmptyFilesRegisterAndPull() throws Exception {
        Path dir = artifactDir("empties", 77, 2000);
        Files.createDirectories(dir.resolve("pkg"));
        Files.write(dir.resolve("pkg/__init__.py"), new byte[0]);
        Files.write(dir.resolve(".gitkeep"), new byte[0]);
        ModelVersion v = registry.registerModel(Registration.builder("empties").version("1.0.0").artifacts(dir).build());
        assertThat(v.artifacts().file("pkg/__init__.py").orElseThrow().size()).isZero();
        Path out = registry.pull("empties:1.0.0", temp.resolve("empties-out"));
        assertThat(out.resolve("pkg/__init__.py")).isEmptyFile();
        assertThat(out.resolve(".gitkeep")).isEmptyFile();
        try (InputStream in = registry.openArtifact("empties:1.0.0", "pkg/__init__.py")) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void textOfStoredFilesIsUtf8() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("utf8"));
        Files.writeString(dir.resolve("résumé.txt"), "naïve", StandardCharsets.UTF_8);
        ModelVersion v = registry.registerModel(Registration.builder("utf").version("1.0.0").artifacts(dir).build());
        try (InputStream in = registry.openArtifact("utf:1.0.0", "résumé.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("naïve");
        }
        assertThat(v.artifacts().files()).hasSize(1);
    }
}
