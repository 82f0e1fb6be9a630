package io.jmreg.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.exceptions.IntegrityException;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Versions as an OCI image layout (a directory, or a tar archive of one): {@code oci-layout}, {@code index.json} with one manifest per version
 * (ref name {@code name_version}), each manifest's config the version record and its layers the files (titled with
 * their paths), and per model a history blob (aliases and stages) referenced from the index. Files are content-
 * addressed by the same SHA-256 in both places, so export copies without hashing; import verifies every blob against
 * its digest before anything is registered, and is idempotent.
 */
public final class OciBundles {
    /** The artifact type of a version's manifest. */
    public static final String ARTIFACT_TYPE = "application/vnd.jmreg.model.v1";
    /** The config media type: the version record. */
    public static final String CONFIG_TYPE = "application/vnd.jmreg.model.config.v1+json";
    /** The media type of a model's history blob. */
    public static final String HISTORY_TYPE = "application/vnd.jmreg.model.history.v1+json";
    private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    private static final String INDEX_TYPE = "application/vnd.oci.image.index.v1+json";
    private static final String TITLE = "org.opencontainers.image.title";
    private static final String REF = "org.opencontainers.image.ref.name";
    private static final ObjectMapper JSON = InteropJson.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .defaultPropertyInclusion(com.fasterxml.jackson.annotation.JsonInclude.Value.construct(
                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL,
                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
            .build();
    private final ModelRegistry registry;

    /** Bundles of {@code registry}'s versions. */
    public OciBundles(ModelRegistry registry) {
        this.registry = registry;
    }

    /**
     * Exports versions into a new OCI layout: a directory, or a tar archive of one when {@code target} ends with
     * {@code .tar} (what {@code skopeo} calls {@code oci-archive:}).
     *
     * @param references exact references ({@code name:version}) or model names (every version)
     * @return the number of versions exported
     */
    public int export(List<String> references, Path target) {
        if (!target.getFileName().toString().endsWith(".tar")) {
            return exportDirectory(references, target);
        }
        Path dir = null;
        try {
            if (Files.exists(target)) {
                throw new ValidationException("bundle %s exists already", target);
            }
            dir = Files.createTempDirectory(target.toAbsolutePath().getParent(), ".jmreg-bundle-");
            int n = exportDirectory(references, dir);
            Tar.write(dir, target);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write bundle " + target, e);
        } finally {
            if (dir != null) {
                LocalFiles.deleteTree(dir);
            }
        }
    }

    private int exportDirectory(List<String> references, Path directory) {
        try {
            if (Files.exists(directory) && Files.list(directory).findAny().isPresent()) {
                throw new ValidationException("bundle directory %s is not empty", directory);
            }
            Path blobs = Files.createDirectories(directory.resolve("blobs/sha256"));
            Files.writeString(directory.resolve("oci-layout"), "{\"imageLayoutVersion\": \"1.0.0\"}");
            List<ModelVersion> versions = new ArrayList<>();
            for (String ref : references) {
                versions.addAll(ref.contains(":") || ref.contains("@") ? List.of(registry.resolve(ref))
                        : registry.listVersions(ref));
            }
            ArrayNode manifests = JSON.createArrayNode();
            Map<String, Boolean> models = new LinkedHashMap<>();
            for (ModelVersion v : versions) {
                Path snapshot = registry.pull(v.reference());
                ArrayNode layers = JSON.createArrayNode();
                for (ArtifactFile f : v.artifacts().files()) {
                    Path blob = blobs.resolve(f.sha256());
                    if (!Files.exists(blob)) {
                        Files.copy(snapshot.resolve(f.path()), blob);
                    }
                    ObjectNode layer = descriptor(f.mediaType(), f.sha256(), f.size());
                    layer.putObject("annotations").put(TITLE, f.path());
                    layers.add(layer);
                }
                Descriptor config = writeBlob(blobs, JSON.writeValueAsBytes(v));
                ObjectNode manifest = JSON.createObjectNode();
                manifest.put("schemaVersion", 2).put("mediaType", MANIFEST_TYPE).put("artifactType", ARTIFACT_TYPE);
                manifest.set("config", descriptor(CONFIG_TYPE, config.sha256(), config.size()));
                manifest.set("layers", layers);
                manifest.putObject("annotations").put("io.jmreg.reference", v.reference());
                Descriptor m = writeBlob(blobs, JSON.writeValueAsBytes(manifest));
                ObjectNode entry = descriptor(MANIFEST_TYPE, m.sha256(), m.size());
                entry.put("artifactType", ARTIFACT_TYPE);
                entry.putObject("annotations").put(REF, v.name().replace('/', '-') + "_" + v.version().replace('+', '-'));
                manifests.add(entry);
                models.put(v.name(), true);
            }
            for (String model : models.keySet()) {
                Map<String, Object> history = new LinkedHashMap<>();
                history.put("model", model);
                history.put("aliases", registry.aliases(model));
                Map<String, Object> stages = new LinkedHashMap<>();
                for (ModelVersion v : registry.listVersions(model)) {
                    stages.put(v.version(), registry.stageHistory(v.reference()));
                }
                history.put("stage_history", stages);
                Descriptor h = writeBlob(blobs, JSON.writeValueAsBytes(history));
                ObjectNode entry = descriptor(HISTORY_TYPE, h.sha256(), h.size());
                entry.putObject("annotations").put("io.jmreg.history", model);
                manifests.add(entry);
            }
            ObjectNode index = JSON.createObjectNode();
            index.put("schemaVersion", 2).put("mediaType", INDEX_TYPE);
            index.set("manifests", manifests);
            Files.write(directory.resolve("index.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
            return versions.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write bundle " + directory, e);
        }
    }

    /**
     * What an import did.
     *
     * @param registered versions registered
     * @param skipped    versions already present with the same content, and stage changes that could not be replayed
     */
    public record ImportReport(List<String> registered, List<String> skipped) {
    }

    /**
     * Imports every version of an OCI layout (a directory or a tar archive of one): every blob is verified against its digest (and size) first,
     * so a tampered or truncated bundle registers nothing; versions already present with the same content are skipped;
     * the stage changes of the versions registered are replayed and the aliases of the exported models set again.
     */
    public ImportReport importBundle(Path bundle) {
        if (!Files.isRegularFile(bundle)) {
            return importDirectory(bundle);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory(bundle.toAbsolutePath().getParent(), ".jmreg-bundle-");
            Tar.read(bundle, dir);
            return importDirectory(dir);
        } catch (IOException e) {
            throw new InvalidArtifactException(e, "cannot read bundle %s: %s", bundle, e.getMessage());
        } finally {
            if (dir != null) {
                LocalFiles.deleteTree(dir);
            }
        }
    }

    private ImportReport importDirectory(Path directory) {
        try {
            JsonNode index = JSON.readTree(directory.resolve("index.json").toFile());
            Path blobs = directory.resolve("blobs/sha256");
            List<JsonNode> manifests = new ArrayList<>();
            List<JsonNode> histories = new ArrayList<>();
            for (JsonNode d : index.path("manifests")) {
                JsonNode blob = verifiedJson(blobs, d);
                if (HISTORY_TYPE.equals(d.path("mediaType").asText())) {
                    histories.add(blob);
                } else if (ARTIFACT_TYPE.equals(d.path("artifactType").asText()) || ARTIFACT_TYPE.equals(
                        blob.path("artifactType").asText())) {
                    manifests.add(blob);
                }
            }
            record Planned(ModelVersion record, List<JsonNode> layers) {
            }
            List<Planned> plan = new ArrayList<>();
            for (JsonNode m : manifests) {
                ModelVersion record = JSON.treeToValue(verifiedJson(blobs, m.path("config")), ModelVersion.class);
                for (JsonNode layer : m.path("layers")) {
                    verify(blobs, layer); // every file, before anything is registered
                }
                plan.add(new Planned(record, List.copyOf(toList(m.path("layers")))));
            }
            List<String> registered = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            plan.sort(Comparator.comparing((Planned p) -> p.record().created()));
            for (Planned p : plan) {
                ModelVersion r = p.record();
                if (present(r)) {
                    skipped.add(r.reference());
                    continue;
                }
                Path files = Files.createTempDirectory(directory.toAbsolutePath().getParent(), ".jmreg-bundle-");
                try {
                    for (JsonNode layer : p.layers()) {
                        String title = layer.path("annotations").path(TITLE).asText(null);
                        if (title == null) {
                            throw new InvalidArtifactException("a layer of %s has no %s annotation", r.reference(), TITLE);
                        }
                        Path target = files.resolve(title).normalize();
                        if (!target.startsWith(files)) {
                            throw new InvalidArtifactException("layer title '%s' leaves the bundle", title);
                        }
                        Files.createDirectories(target.getParent());
                        Files.copy(blobs.resolve(digest(layer)), target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    Registration.Builder b = Registration.builder(r.name()).version(r.version()).description(r.description())
                            .owner(r.owner()).type(r.type()).tier(r.tier()).kind(r.kind()).modelInfo(r.modelInfo())
                            .trainingInfo(r.trainingInfo()).metrics(r.metrics()).qualityGates(r.qualityGates())
                            .lineage(r.lineage()).tags(r.tags().toArray(String[]::new));
                    r.custom().forEach(b::custom);
                    if (!p.layers().isEmpty()) {
                        b.artifacts(files).consumeArtifacts();
                    }
                    registered.add(registry.registerModel(b.build()).reference());
                } finally {
                    LocalFiles.deleteTree(files);
                }
            }
            for (JsonNode h : histories) {
                String model = h.path("model").asText();
                for (String ref : registered) {
                    if (ref.startsWith(model + ":")) {
                        restoreStages(ref, h.path("stage_history").path(ref.substring(model.length() + 1)), skipped);
                    }
                }
                h.path("aliases").properties().forEach(a -> {
                    if (!a.getValue().asText().equals(registry.aliases(model).get(a.getKey()))) {
                        registry.setAlias(model, a.getKey(), a.getValue().asText());
                    }
                });
            }
            return new ImportReport(registered, skipped);
        } catch (IOException e) {
            throw new InvalidArtifactException(e, "cannot read bundle %s: %s", directory, e.getMessage());
        }
    }

    /** Replays a version's recorded stage changes (gates and approvals apply as for any promotion). */
    private void restoreStages(String reference, JsonNode changes, List<String> notes) {
        for (JsonNode change : changes) {
            String to = change.path("to").asText(null);
            if (to == null || to.equals(registry.resolve(reference).stage())) {
                continue;
            }
            try {
                registry.promote(reference, to);
            } catch (io.jmreg.api.exceptions.RegistryException e) {
                notes.add(reference + ": stage " + to + " not restored: " + e.getMessage());
                return;
            }
        }
    }

    private boolean present(ModelVersion r) {
        try {
            ModelVersion existing = registry.resolve(r.reference());
            if (!existing.artifacts().digest().equals(r.artifacts().digest())) {
                throw new io.jmreg.api.exceptions.VersionConflictException("%s exists with other content (%s, the bundle "
                        + "has %s)", r.reference(), existing.artifacts().digest(), r.artifacts().digest());
            }
            return true;
        } catch (ModelNotFoundException | io.jmreg.api.exceptions.VersionNotFoundException absent) {
            return false;
        }
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static String digest(JsonNode descriptor) {
        String d = descriptor.path("digest").asText("");
        if (!d.matches("sha256:[0-9a-f]{64}")) {
            throw new InvalidArtifactException("bad digest in bundle: '%s'", d);
        }
        return d.substring(7);
    }

    /** Checks a blob's size and SHA-256 against its descriptor. */
    private static void verify(Path blobs, JsonNode descriptor) throws IOException {
        String sha = digest(descriptor);
        Path blob = blobs.resolve(sha);
        if (!Files.isRegularFile(blob)) {
            throw new InvalidArtifactException("bundle blob %s is missing", sha);
        }
        long size = Files.size(blob);
        String actual = LocalFiles.hex(blob, "SHA-256", null);
        if (size != descriptor.path("size").asLong(-1) || !actual.equals(sha)) {
            throw new IntegrityException("bundle blob " + sha, sha, actual + " (" + size + " bytes, "
                    + descriptor.path("size").asLong(-1) + " announced)");
        }
    }

    private static JsonNode verifiedJson(Path blobs, JsonNode descriptor) throws IOException {
        verify(blobs, descriptor);
        return JSON.readTree(blobs.resolve(digest(descriptor)).toFile());
    }

    private record Descriptor(String sha256, long size) {
    }

    private static ObjectNode descriptor(String mediaType, String sha256, long size) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", mediaType).put("digest", "sha256:" + sha256).put("size", size);
        return d;
    }

    private static Descriptor writeBlob(Path blobs, byte[] content) throws IOException {
        String sha = LocalFiles.sha256(content);
        Path target = blobs.resolve(sha);
        if (!Files.exists(target)) {
            Files.write(target, content);
        }
        return new Descriptor(sha, content.length);
    }
}
