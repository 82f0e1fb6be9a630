package io.jmreg.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.TransferOptions;
import io.jmreg.api.TransferProgress;
import io.jmreg.api.exceptions.IntegrityException;
import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.Tier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports from a hub mimic: the protocol, the token's confinement, resume, faults and verification. */
class ModelImporterTest {
    @TempDir
    Path temp;
    private HubMimic hub;
    private ModelRegistry registry;
    private byte[] weights;

    @BeforeEach
    void start() throws Exception {
        hub = new HubMimic();
        weights = new byte[3 << 20];
        new Random(8).nextBytes(weights);
        hub.add("config.json", "{\"architectures\": [\"TinyForCausalLM\"], \"hidden_size\": 64}".getBytes(StandardCharsets.UTF_8), false);
        hub.add("model.safetensors", weights, true);
        hub.add("tokenizer/vocab.txt", "a\nb\nc\n".getBytes(StandardCharsets.UTF_8), false);
        hub.add("README.md", "# tiny".getBytes(StandardCharsets.UTF_8), false);
        hub.add("training_args.bin", new byte[] {1, 2, 3}, false);
        registry = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("store"))
                .cacheDirectory(temp.resolve("cache")).build());
    }

    @AfterEach
    void stop() {
        registry.close();
        hub.close();
    }

    private HubImport request() {
        return HubImport.of(HubMimic.REPO, "tiny").from(hub.endpoint()).withToken("hf_secret").excluding("*.md");
    }

    private ModelImporter importer() {
        return new ModelImporter(registry, temp.resolve("work"));
    }

    @Test
    void aRepositoryIsImportedVerifiedWithItsLineageAndTheTokenStaysOnTheHub() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        ModelVersion v = importer().fromHub(request(), TransferOptions.progress(new TransferProgress() {
            @Override
            public void started(int files, long bytes) {
                done.add("started " + files);
            }

            @Override
            public void fileDone(String path, long bytes) {
                done.add(path);
            }
        }));
        assertThat(v.artifacts().files()).extracting(f -> f.path()).containsExactly("config.json", "model.safetensors",
                "tokenizer/vocab.txt", "training_args.bin");
        assertThat(v.artifacts().file("model.safetensors").orElseThrow().sha256()).isEqualTo(HubMimic.hex("SHA-256", weights));
        assertThat(v.lineage().environment()).containsEntry("imported_commit", HubMimic.COMMIT)
                .containsEntry("imported_from", hub.endpoint() + "/" + HubMimic.REPO);
        assertThat(done).first().isEqualTo("started 4");
        assertThat(hub.treePages.get()).as("the file list came in pages").isGreaterThan(1);
        assertThat(hub.hubAuthorization).allMatch(a -> a.equals("Bearer hf_secret"));
        assertThat(hub.cdnAuthorization).as("the CDN, another origin, never saw the token").isNotEmpty()
                .allMatch(a -> a.equals("null"));
        try (var in = registry.openArtifact("tiny:" + v.version(), "model.safetensors")) {
            assertThat(in.readAllBytes()).isEqualTo(weights);
        }
        List<DownloadRecord> records = importer().downloads();
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("completed");
            assertThat(r.reference()).isEqualTo(v.reference());
            assertThat(r.totalBytes()).isEqualTo(hub.files.values().stream().mapToLong(b -> b.length).sum()
                    - hub.files.get("README.md").length);
            assertThat(r.commit()).isEqualTo(HubMimic.COMMIT);
        });
        assertThat(temp.resolve("work/hub")).isEmptyDirectory();
    }

    @Test
    void hubErrorCodesBecomeClearExceptionsAndNothingIsRegistered() {
        assertThatThrownBy(() -> importer().fromHub(HubImport.of("acme/missing", "tiny").from(hub.endpoint()),
                TransferOptions.defaults())).isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("RepoNotFound")
                .hasMessageContaining("acme/missing");
        assertThatThrownBy(() -> importer().fromHub(request().at("v9"), TransferOptions.defaults()))
                .isInstanceOf(VersionNotFoundException.class).hasMessageContaining("RevisionNotFound")
                .hasMessageContaining("v9");
        assertThatThrownBy(() -> importer().fromHub(request().including("nothing*"), TransferOptions.defaults()))
                .hasMessageContaining("no file matching");
        assertThat(registry.listModels()).isEmpty();
        assertThat(importer().downloads()).hasSize(3).allMatch(r -> r.status().equals("failed") && r.error() != null);
    }

    @Test
    void aDroppedConnectionIsResumedWithARangeAndEachByteFetchedOnce() throws Exception {
        hub.dropAfter = 1_000_000;
        hub.drops.set(1);
        ModelVersion v = importer().fromHub(request(), TransferOptions.defaults());
        assertThat(v.artifacts().file("model.safetensors").orElseThrow().sha256()).isEqualTo(HubMimic.hex("SHA-256", weights));
        // the second request starts exactly at the drop: every byte that arrived was kept, even those still queued
        // for the writer thread when the connection broke
        assertThat(hub.cdnRanges).containsExactly("null", "bytes=1000000-");
        assertThat(hub.cdnBytes.get()).isLessThan(weights.length + 100_000L);
        DownloadRecord record = importer().downloads().get(0);
        assertThat(record.bytes()).isEqualTo(record.totalBytes()); // every byte received was written once
    }

    @Test
    void corruptedBytesAreRefusedAndNothingIsRegistered() {
        hub.corrupt = true;
        assertThatThrownBy(() -> importer().fromHub(request(), TransferOptions.defaults()))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("integrity check failed");
        assertThat(registry.listModels()).isEmpty();
        assertThat(partFiles()).isEmpty();
    }

    @Test
    void aServerIgnoringRangeMakesTheDownloadStartOverStillVerified() throws Exception {
        hub.dropAfter = 1_000_000;
        hub.drops.set(1);
        hub.ignoreRange = true;
        ModelVersion v = importer().fromHub(request(), TransferOptions.defaults());
        assertThat(v.artifacts().file("model.safetensors").orElseThrow().sha256()).isEqualTo(HubMimic.hex("SHA-256", weights));
        assertThat(hub.cdnBytes.get()).as("started over").isGreaterThanOrEqualTo(weights.length);
    }

    @Test
    void anInterruptedImportResumesInALaterRunAndAChangedEtagStartsOver() throws Exception {
        hub.dropAfter = 500_000;
        hub.drops.set(100); // every attempt of this run breaks off (each resumes, and gets 500 kB further)
        assertThatThrownBy(() -> importer().fromHub(request(), TransferOptions.defaults()))
                .hasMessageContaining("run it again to resume");
        assertThat(partFiles()).hasSize(1);
        long kept = Files.size(partFiles().get(0));
        assertThat(kept).isGreaterThan(1_000_000L);
        hub.drops.set(0);
        hub.cdnRanges.clear();
        hub.cdnBytes.set(0);
        ModelVersion v = new ModelImporter(registry, temp.resolve("work")).fromHub(request(), TransferOptions.defaults());
        assertThat(hub.cdnRanges).containsExactly("bytes=" + kept + "-");
        assertThat(hub.cdnBytes.get()).as("only the rest").isEqualTo(weights.length - kept);
        assertThat(v.artifacts().file("model.safetensors").orElseThrow().sha256()).isEqualTo(HubMimic.hex("SHA-256", weights));

        // a part left for content that changed since (another ETag) is not continued
        hub.drops.set(100);
        assertThatThrownBy(() -> importer().fromHub(request().asVersion("9.0.0"), TransferOptions.defaults()));
        hub.drops.set(0);
        hub.etagSuffix = "-v2";
        hub.cdnRanges.clear();
        importer().fromHub(request().asVersion("9.0.0"), TransferOptions.defaults());
        assertThat(hub.cdnRanges).containsExactly("null");
    }

    @Test
    void anImportKilledMidFileResumesInTheNextProcessWithOnlyTheRestFetched() throws Exception {
        hub.slowMillis = 40; // about 1.5 MiB/s: the child is killed mid-file
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ImportMain.class.getName(),
                hub.endpoint(), "file:" + temp.resolve("store"), temp.resolve("child-cache").toString(),
                temp.resolve("work").toString()).redirectErrorStream(true)
                .redirectOutput(temp.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && (partFiles().isEmpty() || Files.size(partFiles().get(0)) < 1_000_000)) {
            assertThat(child.isAlive()).as("the child is still downloading: %s", Files.readString(temp.resolve("child.log")))
                    .isTrue();
            Thread.sleep(20);
        }
        child.destroyForcibly(); // SIGKILL: no cleanup at all
        child.waitFor();
        long kept = Files.size(partFiles().get(0));
        assertThat(kept).isBetween(1_000_000L, (long) weights.length - 1);
        hub.slowMillis = 0;
        Thread.sleep(500); // the mimic's thread of the killed connection gives up writing
        hub.cdnRanges.clear();
        hub.cdnBytes.set(0);
        ModelVersion v = importer().fromHub(request(), TransferOptions.defaults());
        assertThat(hub.cdnRanges).containsExactly("bytes=" + kept + "-");
        assertThat(hub.cdnBytes.get()).isEqualTo(weights.length - kept);
        try (var in = registry.openArtifact(v.reference(), "model.safetensors")) {
            assertThat(in.readAllBytes()).isEqualTo(weights);
        }
    }

    @Test
    void aUrlIsImportedCheckedAndItsTokenStaysOnItsOrigin() throws Exception {
        String url = hub.endpoint() + "/" + HubMimic.REPO + "/resolve/" + HubMimic.COMMIT + "/model.safetensors";
        String sha = HubMimic.hex("SHA-256", weights);
        assertThatThrownBy(() -> importer().fromUrl(new UrlImport(url, "fromurl", "1.0.0", "0".repeat(64), "tok", null),
                TransferOptions.defaults())).isInstanceOf(IntegrityException.class);
        assertThat(registry.listModels()).isEmpty();
        ModelVersion v = importer().fromUrl(new UrlImport(url, "fromurl", "1.0.0", sha, "tok", null), TransferOptions.defaults());
        assertThat(v.artifacts().files()).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("model.safetensors");
            assertThat(f.sha256()).isEqualTo(sha);
        });
        assertThat(v.lineage().environment()).containsEntry("imported_from", url);
        assertThat(hub.hubAuthorization).contains("Bearer tok");
        assertThat(hub.cdnAuthorization).allMatch(a -> a.equals("null"));
        assertThatThrownBy(() -> UrlImport.of("ftp://x/y", "m")).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> UrlImport.of("http://host/", "m")).hasMessageContaining("names no file");
    }

    @Test
    void aLocalHuggingFaceCacheIsImportedVerifiedAndLeftAlone() throws Exception {
        Path cache = temp.resolve("hf-cache");
        Path root = cache.resolve("models--acme--tiny-model");
        Files.createDirectories(root.resolve("refs"));
        Files.writeString(root.resolve("refs/main"), HubMimic.COMMIT);
        Path snapshot = Files.createDirectories(root.resolve("snapshots").resolve(HubMimic.COMMIT).resolve("tokenizer"))
                .getParent();
        Files.createDirectories(root.resolve("blobs"));
        byte[] config = "{\"hidden_size\": 8}".getBytes(StandardCharsets.UTF_8);
        Files.write(root.resolve("blobs").resolve(HubMimic.gitOid(config)), config);
        Files.write(root.resolve("blobs").resolve(HubMimic.hex("SHA-256", weights)), weights);
        Files.createSymbolicLink(snapshot.resolve("config.json"), Path.of("../../blobs/" + HubMimic.gitOid(config)));
        Files.createSymbolicLink(snapshot.resolve("tokenizer/model.safetensors"),
                Path.of("../../../blobs/" + HubMimic.hex("SHA-256", weights)));
        ModelVersion v = importer().fromHfCache(cache, HubMimic.REPO, "main", "cached", "1.0.0");
        assertThat(v.artifacts().files()).extracting(f -> f.path()).containsExactly("config.json",
                "tokenizer/model.safetensors");
        assertThat(v.lineage().environment()).containsEntry("imported_commit", HubMimic.COMMIT);
        assertThat(root.resolve("blobs").resolve(HubMimic.hex("SHA-256", weights))).as("the cache keeps its blob").exists();
        Path blob = root.resolve("blobs").resolve(HubMimic.hex("SHA-256", weights));
        byte[] bad = weights.clone();
        bad[5] ^= 1;
        Files.write(blob, bad);
        assertThatThrownBy(() -> importer().fromHfCache(cache, HubMimic.REPO, "main", "cached", "2.0.0"))
                .isInstanceOf(IntegrityException.class);
        assertThatThrownBy(() -> importer().fromHfCache(cache, HubMimic.REPO, "nope", "cached", "2.0.0"))
                .isInstanceOf(VersionNotFoundException.class);
        assertThat(registry.listVersions("cached")).hasSize(1);
    }

    @Test
    void aCatalogSeedsTheRegistryOnceWithTiersAndTypes() throws Exception {
        Path catalog = temp.resolve("catalog.json");
        Files.writeString(catalog, "{\"models\": [{\"id\": \"tiny-config\", \"repo\": \"" + HubMimic.REPO
                + "\", \"files\": [\"*.json\"], \"tier\": \"lite\", \"type\": \"llm\"}, {\"id\": \"tiny-all\", "
                + "\"repo\": \"" + HubMimic.REPO + "\", \"revision\": \"main\", \"files\": [\"**\"]}]}");
        ModelImporter.SeedReport first = importer().seed(catalog, hub.endpoint(), TransferOptions.defaults());
        assertThat(first.imported()).containsExactly("tiny-config:0.1.0", "tiny-all:0.1.0");
        assertThat(first.skipped()).isEmpty();
        ModelVersion config = registry.resolve("tiny-config:0.1.0");
        assertThat(config.artifacts().files()).extracting(f -> f.path()).containsExactly("config.json");
        assertThat(config.tier()).isEqualTo(Tier.LITE);
        assertThat(config.type()).isEqualTo("llm");
        ModelImporter.SeedReport again = importer().seed(catalog, hub.endpoint(), TransferOptions.defaults());
        assertThat(again.imported()).isEmpty();
        assertThat(again.skipped()).hasSize(2);
        assertThat(registry.listVersions("tiny-all")).hasSize(1);
    }

    @Test
    @SuppressWarnings("deprecation") // the TransferProgress overloads, kept for callers written before TransferOptions
    void theTransferProgressOverloadsStillImportAndTellTheirListenerAndNoImportTakesATargetDirectory() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        TransferProgress listener = new TransferProgress() {
            @Override
            public void started(int files, long bytes) {
                told.add("started " + files);
            }

            @Override
            public void fileDone(String path, long bytes) {
                told.add(path);
            }
        };
        ModelVersion hubVersion = importer().fromHub(request().including("*.json"), listener);
        assertThat(hubVersion.artifacts().files()).extracting(f -> f.path()).containsExactly("config.json");
        assertThat(told).containsExactly("started 1", "config.json");
        told.clear();
        String url = hub.endpoint() + "/" + HubMimic.REPO + "/resolve/" + HubMimic.COMMIT + "/model.safetensors";
        ModelVersion urlVersion = importer().fromUrl(new UrlImport(url, "fromurl", "1.0.0",
                HubMimic.hex("SHA-256", weights), null, null), listener);
        assertThat(urlVersion.reference()).isEqualTo("fromurl:1.0.0");
        assertThat(told).containsExactly("started 1", "model.safetensors");
        Path catalog = temp.resolve("catalog.json");
        Files.writeString(catalog, "{\"models\": [{\"id\": \"seeded\", \"repo\": \"" + HubMimic.REPO
                + "\", \"files\": [\"*.json\"]}]}");
        assertThat(importer().seed(catalog, hub.endpoint(), listener).imported()).containsExactly("seeded:0.1.0");

        TransferOptions into = TransferOptions.builder().directory(temp.resolve("elsewhere")).build();
        assertThatThrownBy(() -> importer().fromHub(request().asVersion("9.0.0"), into))
                .isInstanceOf(ValidationException.class).hasMessageContaining("is for pulls")
                .hasMessageContaining("elsewhere");
        assertThatThrownBy(() -> importer().fromUrl(new UrlImport(url, "fromurl", "2.0.0", null, null, null), into))
                .isInstanceOf(ValidationException.class).hasMessageContaining("is for pulls");
        assertThatThrownBy(() -> importer().seed(catalog, hub.endpoint(), into))
                .isInstanceOf(ValidationException.class).hasMessageContaining("is for pulls");
        assertThatThrownBy(() -> importer().fromHub(request(), (TransferOptions) null))
                .isInstanceOf(ValidationException.class);
        assertThat(temp.resolve("elsewhere")).doesNotExist();
        assertThat(registry.listVersions("tiny")).extracting(ModelVersion::version).containsExactly("0.1.0");
        assertThat(registry.listVersions("fromurl")).hasSize(1);
    }

    private List<Path> partFiles() {
        Path work = temp.resolve("work");
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(work)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
