package io.jmreg.interop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.Names;
import io.jmreg.api.Registration;
import io.jmreg.api.Versions;
import io.jmreg.api.exceptions.IntegrityException;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.OciNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an OCI layout would register, read and checked in full before anything is written: every blob's size and
 * digest; for jmreg manifests, that the record agrees with its manifest (reference, ref name, one layer per file with
 * the record's path, size and digest, no title twice); for other tools' artifacts (ORAS, CNCF ModelPack), that every
 * layer is one file with a path, no path twice, and a name and version for the registry. A container image, an empty
 * layout or an unknown manifest is an error.
 */
final class BundlePlan {
    static final String TITLE = OciNames.TITLE;
    static final String REF = OciNames.REF_NAME;
    static final String FILEPATH = OciNames.MODELPACK_FILEPATH;
    static final String MODELPACK_TYPE = OciNames.MODELPACK_MANIFEST;
    static final String MODELPACK_CONFIG = OciNames.MODELPACK_CONFIG;
    static final String INDEX_TYPE = OciNames.INDEX;
    static final String EMPTY_TYPE = OciNames.EMPTY;
    private static final Set<String> IMAGE_CONFIGS = OciNames.IMAGE_CONFIGS;

    /**
     * One version to register.
     *
     * @param files path -> layer descriptor, in the manifest's order
     * @param needs   references the version's registration needs to resolve (parents, an adapter's base)
     * @param notKept what of the exported record a registration here cannot carry, named for the report
     */
    record Version(String name, String version, Registration.Builder registration, Map<String, JsonNode> files,
                   List<String> needs, Instant created, List<String> notKept) {
        String reference() {
            return name + ":" + version;
        }
    }

    /** A model's aliases (alias -> version) and stage history (version -> changes) as exported. */
    record History(Map<String, String> aliases, Map<String, JsonNode> stages) {
    }

    final List<Version> versions = new ArrayList<>();
    final Map<String, History> histories = new LinkedHashMap<>();
    private final Path blobs;
    private final Set<String> verified = new HashSet<>();
    private final ObjectMapper json;
    private final String model;
    private final String version;

    private BundlePlan(Path layout, ObjectMapper json, String model, String version) {
        this.blobs = layout.resolve("blobs/sha256");
        this.json = json;
        this.model = model;
        this.version = version;
    }

    /**
     * Reads and checks the layout at {@code layout}.
     *
     * @param model   the registry model for artifacts of other tools that name none (null: from the artifact)
     * @param version the version for them (null: from the artifact or its ref name)
     */
    static BundlePlan read(Path layout, ObjectMapper json, String model, String version) throws IOException {
        if (!Files.isRegularFile(layout.resolve("index.json"))) {
            throw new ValidationException("%s is not an OCI image layout: it has no index.json", layout);
        }
        BundlePlan plan = new BundlePlan(layout, json, model, version);
        JsonNode index = json.readTree(layout.resolve("index.json").toFile());
        if (index.path("manifests").isEmpty()) {
            throw new ValidationException("OCI layout %s has no manifests: nothing to import", layout);
        }
        plan.index(index, 0);
        if (plan.versions.isEmpty()) {
            throw new ValidationException("OCI layout %s holds no model versions: nothing to import", layout);
        }
        Map<String, Version> byRef = new LinkedHashMap<>();
        for (Version v : plan.versions) {
            if (byRef.put(v.reference(), v) != null) {
                throw new InvalidArtifactException("two manifests of %s would both register %s", layout, v.reference());
            }
        }
        return plan;
    }

    private void index(JsonNode index, int depth) throws IOException {
        for (JsonNode d : index.path("manifests")) {
            String type = d.path("mediaType").asText("");
            if (OciBundles.HISTORY_TYPE.equals(type)) { // bundles of earlier versions: the history beside the manifests
                history(verifiedJson(d));
                continue;
            }
            JsonNode manifest = verifiedJson(d);
            if (INDEX_TYPE.equals(type) || INDEX_TYPE.equals(manifest.path("mediaType").asText())) {
                if (depth > 2) {
                    throw new InvalidArtifactException("OCI indexes nested deeper than 3 levels");
                }
                index(manifest, depth + 1);
                continue;
            }
            String ref = d.path("annotations").path(REF).asText(null);
            String artifactType = manifest.path("artifactType").asText(d.path("artifactType").asText(""));
            String configType = manifest.path("config").path("mediaType").asText("");
            if (OciBundles.ARTIFACT_TYPE.equals(artifactType) || OciBundles.CONFIG_TYPE.equals(configType)) {
                jmreg(manifest, ref);
            } else if (IMAGE_CONFIGS.contains(configType)) {
                throw new ValidationException("'%s' is a container image (config %s), not a model artifact: nothing "
                        + "imported", ref == null ? d.path("digest").asText() : ref, configType);
            } else if (manifest.path("layers").isArray()) {
                foreign(manifest, ref, artifactType, configType);
            } else {
                throw new ValidationException("manifest %s (%s) is neither an image manifest nor an index: nothing imported",
                        d.path("digest").asText(), type);
            }
        }
    }

    /** A version exported by jmreg: its record must agree with its manifest. */
    private void jmreg(JsonNode manifest, String ref) throws IOException {
        ModelVersion record;
        try {
            record = json.treeToValue(verifiedJson(manifest.path("config")), ModelVersion.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidArtifactException("the config of bundle manifest %s is not a version record: %s",
                    ref, e.getMessage());
        }
        String reference = record.reference();
        String annotated = manifest.path("annotations").path("io.jmreg.reference").asText(null);
        if (annotated != null && !annotated.equals(reference)) {
            throw new InvalidArtifactException("bundle manifest for %s holds the record of %s: they disagree", annotated,
                    reference);
        }
        String expectedRef = OciBundles.refName(record.name(), record.version());
        if (ref != null && !ref.equals(expectedRef)) {
            throw new InvalidArtifactException("bundle manifest '%s' holds the record of %s (ref name %s): they disagree",
                    ref, reference, expectedRef);
        }
        Map<String, JsonNode> files = new LinkedHashMap<>();
        for (JsonNode layer : manifest.path("layers")) {
            if (OciBundles.HISTORY_TYPE.equals(layer.path("mediaType").asText())) {
                history(verifiedJson(layer));
                continue;
            }
            addFile(files, layer, layer.path("annotations").path(TITLE).asText(null), reference);
        }
        Map<String, ArtifactFile> recorded = new TreeMap<>();
        record.artifacts().files().forEach(f -> recorded.put(f.path(), f));
        List<String> problems = new ArrayList<>();
        recorded.forEach((path, f) -> {
            JsonNode layer = files.get(path);
            if (layer == null) {
                problems.add(path + " is in the record but has no layer");
            } else if (!("sha256:" + f.sha256()).equals(layer.path("digest").asText())
                    || f.size() != layer.path("size").asLong(-1)) {
                problems.add(path + " differs (record " + f.sha256() + ", " + f.size() + " bytes; layer "
                        + layer.path("digest").asText() + ", " + layer.path("size").asLong(-1) + " bytes)");
            }
        });
        files.keySet().stream().filter(p -> !recorded.containsKey(p))
                .forEach(p -> problems.add(p + " has a layer but is not in the record"));
        if (!problems.isEmpty()) {
            throw new InvalidArtifactException("the record of %s disagrees with its manifest: %s", reference,
                    String.join("; ", problems));
        }
        Registration.Builder b = Registration.builder(record.name()).version(record.version())
                .description(record.description()).owner(record.owner()).type(record.type()).tier(record.tier())
                .kind(record.kind()).modelInfo(record.modelInfo()).trainingInfo(record.trainingInfo())
                .metrics(record.metrics()).qualityGates(record.qualityGates()).lineage(record.lineage())
                .tags(record.tags().toArray(String[]::new));
        record.custom().forEach(b::custom);
        List<String> notKept = new ArrayList<>();
        notKept.add(reference + ": created " + record.created() + (record.createdBy() == null ? "" : " by "
                + record.createdBy()) + " in the source registry; this registry records the import's time and principal");
        if (!record.deployments().isEmpty()) {
            notKept.add(reference + ": deployments " + record.deployments().keySet() + " (not replayed: deploy again)");
        }
        if (record.signature() != null) {
            notKept.add(reference + ": its signature (the version is registered anew here: sign it again)");
        }
        versions.add(new Version(record.name(), record.version(), b, files, needs(record), record.created(), notKept));
    }

    /** The references a version's registration needs: its parents, and an adapter's base. */
    static List<String> needs(ModelVersion v) {
        List<String> needs = new ArrayList<>(v.lineage().parents());
        if (v.kind() == Kind.ADAPTER && v.lineage().baseModel() != null) {
            needs.add(v.lineage().baseModel());
        }
        return needs;
    }

    /** An artifact another tool wrote (ORAS, CNCF ModelPack): every layer one file. */
    private void foreign(JsonNode manifest, String ref, String artifactType, String configType) throws IOException {
        boolean modelPack = MODELPACK_TYPE.equals(artifactType) || MODELPACK_CONFIG.equals(configType);
        String what = (modelPack ? "ModelPack artifact" : "OCI artifact") + (ref == null ? "" : " '" + ref + "'");
        JsonNode config = null;
        if (!configType.equals(EMPTY_TYPE) && configType.endsWith("json")) {
            try {
                config = verifiedJson(manifest.path("config"));
            } catch (IOException notJson) {
                config = null;
            }
        } else {
            verify(manifest.path("config"));
        }
        JsonNode annotations = manifest.path("annotations");
        String name = model != null ? model : modelPack && config != null ? config.path("descriptor").path("name")
                .asText(null) : null;
        if (name == null || name.isBlank()) {
            throw new ValidationException("%s names no model: give the model name to import it under (--model)", what);
        }
        name = Names.requireModelName(name.strip().toLowerCase(Locale.ROOT));
        String v = version != null ? version : firstVersion(modelPack && config != null
                ? config.path("descriptor").path("version").asText(null) : null,
                annotations.path(OciNames.VERSION).asText(null), ref);
        if (v == null) {
            throw new ValidationException("%s names no Semantic Version (in its config, its "
                    + "org.opencontainers.image.version annotation or its ref name): give one (--version)", what);
        }
        Versions.requireVersion(v);
        Map<String, JsonNode> files = new LinkedHashMap<>();
        for (JsonNode layer : manifest.path("layers")) {
            String path = layer.path("annotations").path(FILEPATH).asText(layer.path("annotations").path(TITLE).asText(null));
            String type = layer.path("mediaType").asText("");
            if (modelPack && (type.endsWith(".tar") || type.contains(".tar+"))) {
                throw new InvalidArtifactException("%s: layer %s (%s) is an archive; only raw file layers (%s) are "
                        + "imported", what, path, type, OciNames.MODELPACK_RAW_LAYERS);
            }
            if ("true".equals(layer.path("annotations").path("io.deis.oras.content.unpack").asText())) {
                throw new InvalidArtifactException("%s: layer %s is a packed directory (io.deis.oras.content.unpack); only "
                        + "file layers are imported", what, path);
            }
            addFile(files, layer, path, what);
        }
        if (files.isEmpty()) {
            throw new ValidationException("%s has no layers: nothing to import", what);
        }
        Map<String, Object> oci = new LinkedHashMap<>();
        oci.put("artifact_type", artifactType.isEmpty() ? configType : artifactType);
        if (ref != null) {
            oci.put("ref_name", ref);
        }
        if (annotations.isObject() && !annotations.isEmpty()) {
            oci.put("annotations", json.convertValue(annotations, Map.class));
        }
        if (config != null && !config.isEmpty()) {
            oci.put("config", json.convertValue(config, Object.class));
        }
        Registration.Builder b = Registration.builder(name).version(v)
                .description(annotations.path(OciNames.DESCRIPTION).asText(null))
                .custom("oci", oci);
        versions.add(new Version(name, v, b, files, List.of(), null, List.of()));
    }

    private static String firstVersion(String... candidates) {
        for (String c : candidates) {
            if (c == null) {
                continue;
            }
            String v = c.startsWith("v") && c.length() > 1 && Character.isDigit(c.charAt(1)) ? c.substring(1) : c;
            try {
                return Versions.requireVersion(v);
            } catch (ValidationException notSemver) {
                // the next candidate
            }
        }
        return null;
    }

    private void addFile(Map<String, JsonNode> files, JsonNode layer, String path, String owner) throws IOException {
        if (path == null || path.isBlank()) {
            throw new InvalidArtifactException("a layer of %s (%s) has no %s annotation: not a file", owner,
                    layer.path("digest").asText(), TITLE);
        }
        try {
            Names.requireArtifactPath(path);
        } catch (ValidationException e) {
            throw new InvalidArtifactException("layer title '%s' of %s leaves the bundle or is not a file path: %s", path,
                    owner, e.getMessage());
        }
        if (files.containsKey(path)) {
            throw new InvalidArtifactException("%s has two layers titled '%s' (%s and %s): one file would replace the "
                    + "other", owner, path, files.get(path).path("digest").asText(), layer.path("digest").asText());
        }
        verify(layer);
        files.put(path, layer);
    }

    private void history(JsonNode h) {
        String m = h.path("model").asText();
        Map<String, String> aliases = new TreeMap<>();
        h.path("aliases").properties().forEach(a -> aliases.put(a.getKey(), a.getValue().asText()));
        Map<String, JsonNode> stages = new TreeMap<>();
        h.path("stage_history").properties().forEach(s -> stages.put(s.getKey(), s.getValue()));
        History known = histories.get(m);
        if (known != null) {
            aliases.putAll(known.aliases());
            stages.putAll(known.stages());
        }
        histories.put(m, new History(aliases, stages));
    }

    static String digest(JsonNode descriptor) {
        String d = descriptor.path("digest").asText("");
        if (!d.matches("sha256:[0-9a-f]{64}")) {
            throw new InvalidArtifactException("bad digest in bundle: '%s'", d);
        }
        return d.substring(7);
    }

    Path blob(JsonNode descriptor) {
        return blobs.resolve(digest(descriptor));
    }

    /** Checks a blob's size and SHA-256 against its descriptor. */
    private void verify(JsonNode descriptor) throws IOException {
        String sha = digest(descriptor);
        if (verified.contains(sha + "/" + descriptor.path("size").asLong(-1))) {
            return;
        }
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
        verified.add(sha + "/" + size);
    }

    private JsonNode verifiedJson(JsonNode descriptor) throws IOException {
        verify(descriptor);
        return json.readTree(blob(descriptor).toFile());
    }
}
