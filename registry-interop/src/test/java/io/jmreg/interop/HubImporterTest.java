package io.jmreg.interop;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.TransferProgress;
import io.jmreg.api.exceptions.IntegrityException;
import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.model.ModelVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Imports from a hub mimic: the protocol, the token's confinement, resume, faults and verification. */
class HubImporterTest {
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

    private HubImporter importer() {
        return new HubImporter(registry, temp.resolve("work"));
    }

    @Test
    void aRepositoryIsImportedVerifiedWithItsLineageAndTheTokenStaysOnTheHub() throws Exception {
        List<String> done = new java.util.concurrent.CopyOnWriteArrayList<>();
        ModelVersion v = importer().importModel(request(), new TransferProgress() {
            @Override
            public void started(int files, long bytes) {
                done.add("started " + files);
            }

            @Override
            public void fileDone(String path, long bytes) {
                done.add(path);
            }
        });
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
        assertThatThrownBy(() -> importer().importModel(HubImport.of("acme/missing", "tiny").from(hub.endpoint()),
                TransferProgress.NONE)).isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("RepoNotFound")
                .hasMessageContaining("acme/missing");
        assertThatThrownBy(() -> importer().importModel(request().at("v9"), TransferProgress.NONE))
                .isInstanceOf(VersionNotFoundException.class).hasMessageContaining("RevisionNotFound")
                .hasMessageContaining("v9");
        assertThatThrownBy(() -> importer().importModel(request().including("nothing*"), TransferProgress.NONE))
                .hasMessageContaining("no file matching");
        assertThat(registry.listModels()).isEmpty();
        assertThat(importer().downloads()).hasSize(3).allMatch(r -> r.status().equals("failed") && r.error() != null);
    }

    @Test
    void aDroppedConnectionIsResumedWithARangeAndEachByteFetchedOnce() throws Exception {
        hub.dropAfter = 1_000_000;
        hub.drops.set(1);
        ModelVersion v = importer().importModel(request(), TransferProgress.NONE);
        assertThat(v.artifacts().file("model.safetensors").orElseThrow().sha256()).isEqualTo(HubMimic.hex("SHA-256", weights));
        assertThat(hub.cdnRanges).containsExactly("null", "bytes=1000000-");
        assertThat(hub.cdnBytes.get()).isLessThan(weights.length + 100_000L);
    }

    @Test
    void corruptedBytesAreRefusedAndNothingIsRegistered() {
        hub.corrupt = true;
        assertThatThrownBy(() -> importer().importModel(request(), TransferProgress.NONE))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("integrity check failed");
        assertThat(registry.listModels()).isEmpty();
        assertThat(partFiles()).isEmpty();
    }

    @Test
    void aServerIgnoringRangeMakesTheDownloadStartOverStillVerified() throws Exception {
        hub.dropAfter = 1_000_000;
        hub.drops.set(1);
        hub.ignoreRange = true;
        ModelVersion v = importer().importModel(request(), TransferProgress.NONE);
        assertThat(v.artifacts().file("model.safetensors").orElseThrow().sha256()).isEqualTo(HubMimic.hex("SHA-256", weights));
        assertThat(hub.cdnBytes.get()).as("started over").isGreaterThanOrEqualTo(weights.length);
    }

    @Test
    void anInterruptedImportResumesInALaterRunAndAChangedEtagStartsOver() throws Exception {
        hub.dropAfter = 500_000;
        hub.drops.set(100); // every attempt of this run breaks off (each resumes, and gets 500 kB further)
        assertThatThrownBy(() -> importer().importModel(request(), TransferProgress.NONE))
                .hasMessageContaining("run it again to resume");
        assertThat(partFiles()).hasSize(1);
        long kept = Files.size(partFiles().get(0));
        assertThat(kept).isGreaterThan(1_000_000L);
        hub.drops.set(0);
        hub.cdnRanges.clear();
        hub.cdnBytes.set(0);
        ModelVersion v = new HubImporter(registry, temp.resolve("work")).importModel(request(), TransferProgress.NONE);
        assertThat(hub.cdnRanges).containsExactly("bytes=" + kept + "-");
        assertThat(hub.cdnBytes.get()).as("only the rest").isEqualTo(weights.length - kept);
        assertThat(v.artifacts().file("model.safetensors").orElseThrow().sha256()).isEqualTo(HubMimic.hex("SHA-256", weights));

        // a part left for content that changed since (another ETag) is not continued
        hub.drops.set(100);
        assertThatThrownBy(() -> importer().importModel(request().asVersion("9.0.0"), TransferProgress.NONE));
        hub.drops.set(0);
        hub.etagSuffix = "-v2";
        hub.cdnRanges.clear();
        importer().importModel(request().asVersion("9.0.0"), TransferProgress.NONE);
        assertThat(hub.cdnRanges).containsExactly("null");
    }

    private List<Path> partFiles() {
        Path work = temp.resolve("work");
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(work)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
