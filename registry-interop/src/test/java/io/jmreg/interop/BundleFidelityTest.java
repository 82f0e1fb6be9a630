package io.jmreg.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Scope;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.Operation;
import io.jmreg.api.lifecycle.StageDefinition;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.model.Lineage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles that carry what their versions need, refuse inconsistent input before writing anything, and take layouts
 * written by other tools (hand-written here from the OCI image-spec and the ModelPack spec, not by our exporter).
 */
class BundleFidelityTest {
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
    }

    @AfterEach
    void close() {
        source.close();
        target.close();
    }

    private Path files(String name, String... pathsAndContents) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("files").resolve(name));
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            Files.writeString(dir.resolve(pathsAndContents[i]), pathsAndContents[i + 1]);
        }
        return dir;
    }

    @Test
    void exportCarriesTheParentsItsVersionsNeedAndTheCopyImportsIntoAnEmptyStore() throws Exception {
        source.registerModel(Registration.builder("base").version("1.0.0").artifacts(files("b", "w.bin", "base")).build());
        source.registerModel(Registration.builder("tuned").version("1.0.0").artifacts(files("t", "w.bin", "tuned"))
                .lineage(Lineage.ofParents("base:1.0.0")).build());
        Path bundle = temp.resolve("bundle");
        assertThat(new OciBundles(source).export(List.of("tuned:1.0.0"), bundle)).isEqualTo(2);
        OciBundles.ImportReport report = new OciBundles(target).importBundle(bundle);
        assertThat(report.registered()).containsExactly("base:1.0.0", "tuned:1.0.0");
        assertThat(target.resolve("tuned:1.0.0").lineage().parents()).containsExactly("base:1.0.0");
    }

    @Test
    void anExportWhoseParentIsGoneIsRefusedNamingItBeforeWriting() throws Exception {
        source.registerModel(Registration.builder("base").version("1.0.0").artifacts(files("b", "w.bin", "base")).build());
        source.registerModel(Registration.builder("tuned").version("1.0.0").artifacts(files("t", "w.bin", "tuned"))
                .lineage(Lineage.ofParents("base:1.0.0")).build());
        source.deleteVersion("base:1.0.0");
        Path bundle = temp.resolve("bundle");
        assertThatThrownBy(() -> new OciBundles(source).export(List.of("tuned:1.0.0"), bundle))
                .isInstanceOf(ValidationException.class).hasMessageContaining("tuned:1.0.0 needs base:1.0.0");
        assertThat(bundle).doesNotExist();
    }

    @Test
    void anImportWhoseParentIsNeitherInTheBundleNorTheRegistryRegistersNothing() throws Exception {
        source.registerModel(Registration.builder("base").version("1.0.0").artifacts(files("b", "w.bin", "base")).build());
        source.registerModel(Registration.builder("tuned").version("1.0.0").artifacts(files("t", "w.bin", "tuned"))
                .lineage(Lineage.ofParents("base:1.0.0")).build());
        source.registerModel(Registration.builder("alone").version("1.0.0").artifacts(files("x", "w.bin", "x")).build());
        Path bundle = temp.resolve("bundle");
        new OciBundles(source).export(List.of("alone:1.0.0", "tuned:1.0.0"), bundle);
        var json = new ObjectMapper();
        var index = (ObjectNode) json.readTree(bundle.resolve("index.json").toFile());
        var manifests = (ArrayNode) index.get("manifests");
        for (int i = manifests.size() - 1; i >= 0; i--) {
            if (manifests.get(i).path("annotations").path("org.opencontainers.image.ref.name").asText().equals("base_1.0.0")) {
                manifests.remove(i); // a copy of only some of the manifests, as a tool copying one ref would make
            }
        }
        json.writeValue(bundle.resolve("index.json").toFile(), index);
        assertThatThrownBy(() -> new OciBundles(target).importBundle(bundle)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("tuned:1.0.0 needs base:1.0.0");
        assertThat(target.listModels()).as("not even the version that needs nothing").isEmpty();
    }

    @Test
    void anExportNeedsRegistryExportAndReadOnEveryVersionBeforeAnythingIsWritten() throws Exception {
        source.registerModel(Registration.builder("medical/m").version("1.0.0").artifacts(files("1", "w.bin", "one"))
                .build());
        source.registerModel(Registration.builder("legal/y").version("1.0.0").artifacts(files("2", "w.bin", "two"))
                .build());
        source.access().install(AccessPolicy.builder().grant("admin", "model_admin")
                .grant("dev", "model_developer").role("exporter", "registry:export")
                .grant("med", Scope.models("medical/*"), "model_developer").grant("med", "exporter")
                .build());
        Path bundle = temp.resolve("refused");
        assertThatThrownBy(() -> new OciBundles(source.as("dev")).export(List.of("medical/m:1.0.0"), bundle))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("registry:export");
        assertThatThrownBy(() -> new OciBundles(source.as("med")).export(List.of("medical/m:1.0.0", "legal/y:1.0.0"),
                bundle)).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("models:read");
        assertThat(bundle).doesNotExist();
        assertThat(new OciBundles(source.as("med")).export(List.of("medical/m:1.0.0"), bundle)).isEqualTo(1);
    }

    @Test
    void aPrincipalWithoutRegistryImportIsRefusedBeforeAnythingIsWritten() throws Exception {
        source.registerModel(Registration.builder("m").version("1.0.0").artifacts(files("1", "w.bin", "one")).build());
        Path bundle = temp.resolve("bundle");
        new OciBundles(source).export(List.of("m:1.0.0"), bundle);
        target.access().install(AccessPolicy.builder().grant("admin", "model_admin")
                .grant("dev", "model_developer").build());
        assertThatThrownBy(() -> new OciBundles(target.as("dev")).importBundle(bundle))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("registry:import");
        assertThat(target.as("admin").listModels()).isEmpty();
    }

    @Test
    void oneVersionOfAModelWhoseAliasesPointElsewhereImportsCompletely() throws Exception {
        source.registerModel(Registration.builder("m").version("1.0.0").artifacts(files("1", "w.bin", "one")).build());
        source.registerModel(Registration.builder("m").version("2.0.0").artifacts(files("2", "w.bin", "two")).build());
        source.setAlias("m", "production", "2.0.0");
        source.setAlias("m", "previous", "1.0.0");
        Path bundle = temp.resolve("bundle");
        new OciBundles(source).export(List.of("m:1.0.0"), bundle);
        OciBundles.ImportReport report = new OciBundles(target).importBundle(bundle);
        assertThat(report.registered()).containsExactly("m:1.0.0");
        assertThat(target.aliases("m")).containsEntry("previous", "1.0.0").doesNotContainKey("production");
        assertThat(report.notKept()).anyMatch(s -> s.contains("production") && s.contains("2.0.0"))
                .anyMatch(s -> s.startsWith("m:1.0.0: created") && s.contains("import's time"));
    }

    @Test
    void anAliasOfAVersionArchivedAfterwardsImportsWithItsWholeHistory() throws Exception {
        source.registerModel(Registration.builder("m").version("1.0.0").artifacts(files("1", "w.bin", "one")).build());
        for (String stage : List.of("testing", "staging", "production")) {
            source.lifecycle().promote("m:1.0.0", stage);
        }
        source.setAlias("m", "champion", "1.0.0");
        source.lifecycle().promote("m:1.0.0", "archived"); // allowed with an alias on it; setting one on it now is not
        Path bundle = temp.resolve("bundle");
        new OciBundles(source).export(List.of("m:1.0.0"), bundle);
        OciBundles.ImportReport report = new OciBundles(target).importBundle(bundle);
        assertThat(report.registered()).containsExactly("m:1.0.0");
        assertThat(report.skipped()).isEmpty();
        assertThat(target.resolve("m:1.0.0").stage()).isEqualTo("archived");
        assertThat(target.aliases("m")).containsEntry("champion", "1.0.0");
    }

    @Test
    void aStageHistoryThisRegistryCannotReplayRegistersNothing() throws Exception {
        source.registerModel(Registration.builder("m").version("1.0.0").artifacts(files("1", "w.bin", "one")).build());
        source.lifecycle().promote("m:1.0.0", "testing");
        source.registerModel(Registration.builder("n").version("1.0.0").artifacts(files("2", "w.bin", "two")).build());
        Path bundle = temp.resolve("bundle");
        new OciBundles(source).export(List.of("n:1.0.0", "m:1.0.0"), bundle);
        // a registry whose machine has no 'testing' stage: m's history cannot be replayed, so not even n is written
        var stages = new LinkedHashMap<String, StageDefinition>();
        var all = EnumSet.allOf(Operation.class);
        stages.put("draft", new StageDefinition("draft", Set.of("live"), all));
        stages.put("live", new StageDefinition("live", Set.of("draft"), all));
        try (ModelRegistry other = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("c"))
                .cacheDirectory(temp.resolve("cc")).stageMachine(new StageMachine("draft", stages))
                .build())) {
            assertThatThrownBy(() -> new OciBundles(other).importBundle(bundle))
                    .isInstanceOf(InvalidArtifactException.class)
                    .hasMessageContaining("m:1.0.0 cannot be imported with its history")
                    .hasMessageContaining("'testing' is not a stage here");
            assertThat(other.listModels()).isEmpty();
        }
    }

    @Test
    void duplicateLayerTitlesAreRefusedBeforeAnythingIsWritten() throws Exception {
        OciFixture oci = new OciFixture(temp.resolve("dup"));
        oci.manifest("application/vnd.acme.model.v1", oci.emptyConfig(), List.of(
                oci.file("application/octet-stream", "config.json", "{\"a\": 1}"),
                oci.file("application/octet-stream", "weights.bin", "w"),
                oci.file("application/octet-stream", "config.json", "{\"a\": 2}")), null,
                "\"annotations\": {\"org.opencontainers.image.ref.name\": \"1.0.0\"}");
        Path layout = oci.write();
        assertThatThrownBy(() -> new OciBundles(target).importBundle(layout, "acme", null))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("config.json")
                .hasMessageContaining("two layers");
        assertThat(target.listModels()).isEmpty();
    }

    @Test
    void aTarWithDuplicateEntriesIsRefused() throws Exception {
        Path tar = temp.resolve("dup.tar");
        byte[] index = "{\"schemaVersion\": 2, \"manifests\": []}".getBytes(StandardCharsets.UTF_8);
        try (var out = Files.newOutputStream(tar)) {
            for (int i = 0; i < 2; i++) {
                out.write(Tar.header("index.json", index.length));
                out.write(Arrays.copyOf(index, 512));
            }
            out.write(new byte[1024]);
        }
        assertThatThrownBy(() -> new OciBundles(target).importBundle(tar)).isInstanceOf(InvalidArtifactException.class)
                .hasMessageContaining("index.json").hasMessageContaining("twice");
    }

    @Test
    void aRecordThatDisagreesWithItsManifestIsRefusedBeforeAnythingIsWritten() throws Exception {
        source.registerModel(Registration.builder("good").version("1.0.0").artifacts(files("g", "w.bin", "good")).build());
        source.registerModel(Registration.builder("m").version("1.0.0").artifacts(files("m", "w.bin", "m", "x.txt", "x"))
                .build());
        Path exported = temp.resolve("exported");
        new OciBundles(source).export(List.of("m:1.0.0"), exported);
        String record = Files.readString(configOf(exported, "m_1.0.0"));
        OciFixture oci = new OciFixture(temp.resolve("disagree"));
        oci.manifest(OciBundles.ARTIFACT_TYPE, oci.blob(OciBundles.CONFIG_TYPE, record, null),
                List.of(oci.file("application/octet-stream", "w.bin", "m")),
                "{\"io.jmreg.reference\": \"m:1.0.0\"}", "\"annotations\": {\"org.opencontainers.image.ref.name\": \"m_1.0.0\"}");
        String renamed = record.replace("\"name\":\"m\"", "\"name\":\"other\"");
        assertThat(renamed).isNotEqualTo(record);
        OciFixture both = new OciFixture(temp.resolve("renamed"));
        both.manifest(OciBundles.ARTIFACT_TYPE, both.blob(OciBundles.CONFIG_TYPE, renamed, null),
                List.of(both.file("application/octet-stream", "w.bin", "m"), both.file("application/octet-stream", "x.txt",
                        "x")), "{\"io.jmreg.reference\": \"m:1.0.0\"}", null);
        Path missingLayer = oci.write();
        Path otherName = both.write();
        assertThatThrownBy(() -> new OciBundles(target).importBundle(missingLayer))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("x.txt");
        assertThatThrownBy(() -> new OciBundles(target).importBundle(otherName))
                .isInstanceOf(InvalidArtifactException.class).hasMessageContaining("other:1.0.0").hasMessageContaining("m:1.0.0");
        assertThat(target.listModels()).isEmpty();
    }

    private static Path configOf(Path layout, String ref) throws Exception {
        var json = new ObjectMapper();
        for (var d : json.readTree(layout.resolve("index.json").toFile()).path("manifests")) {
            if (ref.equals(d.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                var m = json.readTree(layout.resolve("blobs/sha256").resolve(d.path("digest").asText().substring(7)).toFile());
                return layout.resolve("blobs/sha256").resolve(m.path("config").path("digest").asText().substring(7));
            }
        }
        throw new AssertionError("no " + ref);
    }

    @Test
    void anOrasArtifactImportsAsFilesUnderTheGivenName() throws Exception {
        OciFixture oci = new OciFixture(temp.resolve("oras"));
        oci.manifest("application/vnd.acme.model.v1", oci.emptyConfig(), List.of(
                oci.file("application/vnd.oci.image.layer.v1.tar", "model.onnx", "onnx bytes"),
                oci.file("text/plain", "labels/labels.txt", "cat\ndog\n")),
                "{\"org.opencontainers.image.created\": \"2024-01-02T03:04:05Z\", "
                        + "\"org.opencontainers.image.description\": \"a detector\"}",
                "\"artifactType\": \"application/vnd.acme.model.v1\", "
                        + "\"annotations\": {\"org.opencontainers.image.ref.name\": \"1.2.0\"}");
        Path layout = oci.write();
        assertThatThrownBy(() -> new OciBundles(target).importBundle(layout)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("model name");
        assertThat(target.listModels()).isEmpty();
        OciBundles.ImportReport report = new OciBundles(target).importBundle(layout, "detector", null);
        assertThat(report.registered()).containsExactly("detector:1.2.0");
        var v = target.resolve("detector:1.2.0");
        assertThat(v.artifacts().files()).extracting(f -> f.path()).containsExactly("labels/labels.txt", "model.onnx");
        assertThat(v.description()).isEqualTo("a detector");
        assertThat(v.custom().get("oci")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("artifact_type", "application/vnd.acme.model.v1");
    }

    @Test
    void aModelPackArtifactImportsAsFilesNamedByItsConfig() throws Exception {
        OciFixture oci = new OciFixture(temp.resolve("modelpack"));
        String config = oci.blob("application/vnd.cncf.model.config.v1+json", "{\"descriptor\": {\"name\": \"qwen-small\", "
                + "\"version\": \"0.5.0\", \"family\": \"qwen2\"}, \"config\": {\"format\": \"safetensors\", "
                + "\"paramSize\": \"0.5b\"}, \"modelfs\": {\"type\": \"layers\", \"diffIds\": []}}", null);
        oci.manifest("application/vnd.cncf.model.manifest.v1+json", config, List.of(
                oci.blob("application/vnd.cncf.model.weight.config.v1.raw", "{\"hidden_size\": 8}",
                        "\"annotations\": {\"org.cncf.model.filepath\": \"config.json\", "
                                + "\"org.opencontainers.image.title\": \"config.json\"}"),
                oci.blob("application/vnd.cncf.model.doc.v1.raw", "# Qwen small", "\"annotations\": "
                        + "{\"org.cncf.model.filepath\": \"docs/README.md\"}")), null, null);
        OciBundles.ImportReport report = new OciBundles(target).importBundle(oci.write());
        assertThat(report.registered()).containsExactly("qwen-small:0.5.0");
        var v = target.resolve("qwen-small:0.5.0");
        assertThat(v.artifacts().files()).extracting(f -> f.path()).containsExactly("config.json", "docs/README.md");
        assertThat(v.custom().get("oci")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsKey("config");
    }

    @Test
    void anOciImageAndAnEmptyLayoutAreClearErrors() throws Exception {
        OciFixture oci = new OciFixture(temp.resolve("image"));
        oci.manifest(null, oci.blob("application/vnd.oci.image.config.v1+json", "{\"architecture\": \"amd64\", \"os\": "
                + "\"linux\", \"rootfs\": {\"type\": \"layers\", \"diff_ids\": []}}", null), List.of(
                oci.blob("application/vnd.oci.image.layer.v1.tar+gzip", "not really gzip", null)), null,
                "\"annotations\": {\"org.opencontainers.image.ref.name\": \"latest\"}");
        Path image = oci.write();
        assertThatThrownBy(() -> new OciBundles(target).importBundle(image, "x", "1.0.0"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("container image");
        Path empty = new OciFixture(temp.resolve("empty")).write();
        assertThatThrownBy(() -> new OciBundles(target).importBundle(empty)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("no manifests");
        assertThat(target.listModels()).isEmpty();
    }
}
