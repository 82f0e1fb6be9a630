package io.jmreg.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.IntegrityException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions out as an OCI image layout and back into another registry: verified, idempotent, with aliases. */
class OciBundlesTest {
    @TempDir
    Path temp;
    private ModelRegistry source;
    private ModelRegistry target;

    @BeforeEach
    void open() throws Exception {
        source = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("a")).cacheDirectory(temp.resolve("ca"))
                .build());
        target = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("b")).cacheDirectory(temp.resolve("cb"))
                .build());
        Path base = Files.createDirectories(temp.resolve("base"));
        byte[] weights = new byte[200_000];
        new Random(1).nextBytes(weights);
        Files.write(base.resolve("model.safetensors"), weights);
        Files.writeString(base.resolve("config.json"), "{\"hidden_size\": 8}");
        source.registerModel(Registration.builder("llm").version("1.0.0").artifacts(base).metric("accuracy", 0.9)
                .tags("nlp").description("a base").build());
        Path adapter = Files.createDirectories(temp.resolve("adapter"));
        Files.writeString(adapter.resolve("adapter.bin"), "lora weights");
        source.registerModel(Registration.builder("llm-lora").version("1.0.0").kind(Kind.ADAPTER).artifacts(adapter)
                .lineage(new Lineage(List.of(), List.of(), null, null, null, "llm:1.0.0", List.of())).build());
        source.setAlias("llm", "production", "1.0.0");
        source.lifecycle().promote("llm:1.0.0", "testing");
        source.lifecycle().promote("llm:1.0.0", "staging");
    }

    @AfterEach
    void close() {
        source.close();
        target.close();
    }

    @Test
    void versionsTravelAsAnOciLayoutWithTheirRecordsFilesAndAliases() throws Exception {
        Path bundle = temp.resolve("bundle");
        assertThat(new OciBundles(source).export(List.of("llm", "llm-lora:1.0.0"), bundle)).isEqualTo(2);
        assertThat(Files.readString(bundle.resolve("oci-layout"))).contains("1.0.0");
        String index = Files.readString(bundle.resolve("index.json"));
        assertThat(index).contains("application/vnd.oci.image.manifest.v1+json").contains("llm_1.0.0")
                .contains("llm-lora_1.0.0").doesNotContain(OciBundles.HISTORY_TYPE);
        try (var blobs = Files.list(bundle.resolve("blobs/sha256"))) {
            assertThat(blobs.filter(b -> b.toFile().length() < 100_000).map(b -> {
                try {
                    return Files.readString(b);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).filter(m -> m.contains(OciBundles.ARTIFACT_TYPE) && m.contains("\"layers\"")))
                    .as("each version's manifest carries its model's history as a layer").hasSize(2)
                    .allMatch(m -> m.contains(OciBundles.HISTORY_TYPE));
        }
        ModelVersion original = source.resolve("llm:1.0.0");
        assertThat(bundle.resolve("blobs/sha256").resolve(original.artifacts().file("model.safetensors").orElseThrow()
                .sha256())).as("the file's blob is its layer, same digest").exists();

        OciBundles.ImportReport report = new OciBundles(target).importBundle(bundle);
        assertThat(report.registered()).containsExactly("llm:1.0.0", "llm-lora:1.0.0");
        ModelVersion copy = target.resolve("llm@production");
        assertThat(copy.artifacts().digest()).isEqualTo(original.artifacts().digest());
        assertThat(copy.metrics()).isEqualTo(original.metrics());
        assertThat(copy.description()).isEqualTo("a base");
        assertThat(copy.stage()).as("stage history replayed").isEqualTo("staging");
        assertThat(target.lifecycle().stageHistory("llm:1.0.0")).extracting(c -> c.to()).containsSubsequence("testing", "staging");
        assertThat(target.resolve("llm-lora:1.0.0").lineage().baseModel()).isEqualTo("llm:1.0.0");

        OciBundles.ImportReport again = new OciBundles(target).importBundle(bundle);
        assertThat(again.registered()).isEmpty();
        assertThat(again.present()).hasSize(2);
    }

    @Test
    void aBundleCanBeOneTarFileAndATarEntryLeavingTheBundleIsRefused() throws Exception {
        Path tar = temp.resolve("llm.tar");
        assertThat(new OciBundles(source).export(List.of("llm:1.0.0"), tar)).isEqualTo(1);
        assertThat(new OciBundles(target).importBundle(tar).registered()).containsExactly("llm:1.0.0");
        assertThat(target.resolve("llm@production").version()).isEqualTo("1.0.0");
        Path evil = temp.resolve("evil.tar");
        try (var out = Files.newOutputStream(evil)) {
            out.write(Tar.header("../outside.txt", 3));
            out.write(Arrays.copyOf("bad".getBytes(), 512));
            out.write(new byte[1024]);
        }
        assertThatThrownBy(() -> new OciBundles(target).importBundle(evil)).hasMessageContaining("leaves the bundle");
        assertThat(temp.resolve("outside.txt")).doesNotExist();
    }

    @Test
    void anIndexWithADuplicateKeyOrTrailingContentRegistersNothing() throws Exception {
        Path bundle = temp.resolve("bundle");
        new OciBundles(source).export(List.of("llm"), bundle);
        String index = Files.readString(bundle.resolve("index.json"));
        Files.writeString(bundle.resolve("index.json"), index.replaceFirst("\\{", "{\"manifests\": [],"));
        assertThatThrownBy(() -> new OciBundles(target).importBundle(bundle)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("Duplicate field 'manifests'");
        Files.writeString(bundle.resolve("index.json"), index + "\n{\"manifests\": []}");
        assertThatThrownBy(() -> new OciBundles(target).importBundle(bundle)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("Trailing token");
        assertThat(target.listModels()).isEmpty();
    }

    @Test
    void aTamperedOrTruncatedBundleRegistersNothing() throws Exception {
        Path bundle = temp.resolve("bundle");
        new OciBundles(source).export(List.of("llm"), bundle);
        String sha = source.resolve("llm:1.0.0").artifacts().file("model.safetensors").orElseThrow().sha256();
        Path blob = bundle.resolve("blobs/sha256").resolve(sha);
        byte[] bytes = Files.readAllBytes(blob);
        bytes[100] ^= 1;
        Files.write(blob, bytes);
        assertThatThrownBy(() -> new OciBundles(target).importBundle(bundle)).isInstanceOf(IntegrityException.class);
        Files.write(blob, Arrays.copyOf(bytes, 1000));
        assertThatThrownBy(() -> new OciBundles(target).importBundle(bundle)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("announced");
        assertThat(target.listModels()).isEmpty();
    }
}
