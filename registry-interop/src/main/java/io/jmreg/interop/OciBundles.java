package io.jmreg.interop;

import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.annotation.JsonInclude.Value;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Names;
import io.jmreg.api.Registration;
import io.jmreg.api.access.Permission;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.InvalidReferenceException;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.exceptions.VersionConflictException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.OciNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Versions as an OCI image layout (a directory, or a tar archive of one): {@code oci-layout}, {@code index.json} with
 * one manifest per version (ref name {@code name_version}), each manifest's config the version record and its layers
 * the files (titled with their paths) plus the model's history (aliases and stage changes) as one more layer, so a
 * copy of any one manifest by any OCI tool carries it. An export includes the parents and adapter bases its versions
 * need. Files are content-addressed by the same SHA-256 in both places, so export copies without hashing; import
 * checks everything before the first registration, and is idempotent.
 */
public final class OciBundles {
    /** The artifact type of a version's manifest. */
    public static final String ARTIFACT_TYPE = "application/vnd.jmreg.model.v1";
    /** The config media type: the version record. */
    public static final String CONFIG_TYPE = "application/vnd.jmreg.model.config.v1+json";
    /** The media type of a model's history blob. */
    public static final String HISTORY_TYPE = "application/vnd.jmreg.model.history.v1+json";
    private static final String MANIFEST_TYPE = OciNames.MANIFEST;
    private static final String INDEX_TYPE = OciNames.INDEX;
    private static final String TITLE = BundlePlan.TITLE;
    private static final String REF = BundlePlan.REF;
    private static final ObjectMapper JSON = InteropJson.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .defaultPropertyInclusion(Value.construct(
                    Include.NON_NULL,
                    Include.NON_NULL))
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
     * The principal needs {@code registry:export} and read access to every version exported (a model name exports
     * the versions it may read); both are checked before anything is written.
     *
     * @param references exact references ({@code name:version}) or model names (every version)
     * @return the number of versions exported
     */
    public int export(List<String> references, Path target) {
        if (!registry.access().allowed(Permission.REGISTRY_EXPORT, null)) {
            throw new AccessDeniedException(registry.principal(), Permission.REGISTRY_EXPORT.id(), "registry");
        }
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
            List<ModelVersion> versions = closure(references);
            Path blobs = Files.createDirectories(directory.resolve("blobs/sha256"));
            Files.writeString(directory.resolve("oci-layout"), "{\"imageLayoutVersion\": \"1.0.0\"}");
            Map<String, Descriptor> histories = new LinkedHashMap<>();
            for (ModelVersion v : versions) {
                if (!histories.containsKey(v.name())) {
                    histories.put(v.name(), writeBlob(blobs, JSON.writeValueAsBytes(history(v.name()))));
                }
            }
            ArrayNode manifests = JSON.createArrayNode();
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
                Descriptor h = histories.get(v.name());
                ObjectNode historyLayer = descriptor(HISTORY_TYPE, h.sha256(), h.size());
                historyLayer.putObject("annotations").put("io.jmreg.history", v.name());
                layers.add(historyLayer); // inside the version's manifest, so any OCI copy of it carries it
                Descriptor config = writeBlob(blobs, JSON.writeValueAsBytes(v));
                ObjectNode manifest = JSON.createObjectNode();
                manifest.put("schemaVersion", 2).put("mediaType", MANIFEST_TYPE).put("artifactType", ARTIFACT_TYPE);
                manifest.set("config", descriptor(CONFIG_TYPE, config.sha256(), config.size()));
                manifest.set("layers", layers);
                manifest.putObject("annotations").put("io.jmreg.reference", v.reference());
                Descriptor m = writeBlob(blobs, JSON.writeValueAsBytes(manifest));
                ObjectNode entry = descriptor(MANIFEST_TYPE, m.sha256(), m.size());
                entry.put("artifactType", ARTIFACT_TYPE);
                entry.putObject("annotations").put(REF, refName(v.name(), v.version()));
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

    /** The ref name of a version in a bundle's index: {@code name_version}, '/' and '+' as '-'. */
    static String refName(String name, String version) {
        return name.replace('/', '-') + "_" + version.replace('+', '-');
    }

    /**
     * The versions {@code references} name plus the parents and adapter bases they need, recursively, needed ones
     * first; a needed version this registry cannot resolve fails the export, naming it, before anything is written.
     */
    private List<ModelVersion> closure(List<String> references) {
        Map<String, ModelVersion> named = new LinkedHashMap<>();
        for (String ref : references) {
            for (ModelVersion v : ref.contains(":") || ref.contains("@") ? List.of(registry.resolve(ref))
                    : registry.listVersions(ref)) {
                named.putIfAbsent(v.reference(), v);
            }
        }
        Map<String, ModelVersion> ordered = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (ModelVersion v : named.values()) {
            include(v, ordered, missing, new HashSet<>());
        }
        if (!missing.isEmpty()) {
            throw new ValidationException("cannot export a bundle that imports elsewhere: %s", String.join("; ", missing));
        }
        return List.copyOf(ordered.values());
    }

    private void include(ModelVersion v, Map<String, ModelVersion> ordered, List<String> missing,
                         Set<String> visiting) {
        if (ordered.containsKey(v.reference()) || !visiting.add(v.reference())) {
            return;
        }
        for (String need : BundlePlan.needs(v)) {
            try {
                include(registry.resolve(need), ordered, missing, visiting);
            } catch (ModelNotFoundException | VersionNotFoundException
                     | InvalidReferenceException e) {
                missing.add(v.reference() + " needs " + need + ", which this registry does not have (" + e.getMessage()
                        + ")");
            }
        }
        ordered.put(v.reference(), v);
    }

    private Map<String, Object> history(String model) {
        Map<String, Object> history = new LinkedHashMap<>();
        history.put("model", model);
        history.put("aliases", registry.aliases(model));
        Map<String, Object> stages = new LinkedHashMap<>();
        for (ModelVersion v : registry.listVersions(model)) {
            stages.put(v.version(), registry.lifecycle().stageHistory(v.reference()));
        }
        history.put("stage_history", stages);
        return history;
    }

    /**
     * What an import did.
     *
     * @param registered versions registered
     * @param present    versions already in the registry with the same files (left alone)
     * @param skipped    stage changes that could not be replayed, each with the reason
     * @param notKept    what the bundle holds that the registry did not take: aliases of versions neither in the
     *                   bundle nor in the registry, each named
     */
    public record ImportReport(List<String> registered, List<String> present, List<String> skipped,
                               List<String> notKept) {
        /** Whether everything was imported: nothing skipped. */
        public boolean complete() {
            return skipped.isEmpty();
        }
    }

    /** Imports a layout written by jmreg (or an artifact of another tool that names its model and version). */
    public ImportReport importBundle(Path bundle) {
        return importBundle(bundle, null, null);
    }

    /**
     * Imports every version of an OCI layout (a directory or a tar archive of one). Everything is read and checked
     * before the first registration: every blob's size and SHA-256, each record against its manifest, duplicate layer
     * titles and tar entries, the parents and bases each version needs (in the bundle or in the registry), and the
     * permissions; a failed check registers nothing. Versions already present with the same files are left alone;
     * the stage changes of the versions registered are replayed and the aliases set again (aliases of versions that
     * are neither in the bundle nor in the registry are dropped and named in the report).
     *
     * <p>Artifacts written by other tools import as files: an ORAS artifact's layers by their
     * {@code org.opencontainers.image.title}, a CNCF ModelPack artifact's raw layers by {@code org.cncf.model.filepath}
     * (its name and version from its config's {@code descriptor}); the manifest's annotations, artifact type and config
     * go under {@code custom.oci}. A container image is an error.
     *
     * @param model   the model for artifacts of other tools (null: the artifact's own name; none is an error)
     * @param version the version for them (null: the artifact's config, {@code org.opencontainers.image.version}, or
     *                its ref name, whichever is a Semantic Version; none is an error)
     */
    public ImportReport importBundle(Path bundle, String model, String version) {
        if (!Files.isRegularFile(bundle)) {
            return importDirectory(bundle, model, version);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory(bundle.toAbsolutePath().getParent(), ".jmreg-bundle-");
            Tar.read(bundle, dir);
            return importDirectory(dir, model, version);
        } catch (IOException e) {
            throw new InvalidArtifactException(e, "cannot read bundle %s: %s", bundle, e.getMessage());
        } finally {
            if (dir != null) {
                LocalFiles.deleteTree(dir);
            }
        }
    }

    private ImportReport importDirectory(Path directory, String model, String version) {
        try {
            BundlePlan plan = BundlePlan.read(directory, JSON, model, version);
            ImportReport report = new ImportReport(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>());
            List<BundlePlan.Version> toRegister = new ArrayList<>();
            for (BundlePlan.Version v : plan.versions) {
                if (present(v)) {
                    report.present().add(v.reference());
                } else {
                    toRegister.add(v);
                }
            }
            toRegister = ordered(toRegister, plan);
            requirePermissions(toRegister, plan);
            requireReplayable(toRegister, plan, directory);
            Set<String> aliasesSet = new HashSet<>();
            for (BundlePlan.Version v : toRegister) {
                String ref = register(v, plan, directory);
                report.registered().add(ref);
                report.notKept().addAll(v.notKept());
                BundlePlan.History h = plan.histories.get(v.name());
                if (h != null) {
                    // its aliases first, in its first stage (an alias may point at a version archived later), then
                    // its stage changes: both planned by requireReplayable, so neither fails for want of a rule here
                    for (String alias : aliasesOf(h, v)) {
                        if (!aliasesSet.contains(v.name() + "@" + alias)) {
                            registry.setAlias(v.name(), alias, v.version());
                            aliasesSet.add(v.name() + "@" + alias);
                        }
                    }
                    restoreStages(ref, h.stages().get(v.version()), report.skipped());
                }
            }
            for (var h : plan.histories.entrySet()) {
                String m = h.getKey();
                h.getValue().aliases().forEach((alias, target) -> {
                    if (!aliasesSet.contains(m + "@" + alias)) {
                        setAlias(m, alias, target, report.notKept());
                    }
                });
            }
            return report;
        } catch (IOException e) {
            throw new InvalidArtifactException(e, "cannot read bundle %s: %s", directory, e.getMessage());
        }
    }

    private static List<String> aliasesOf(BundlePlan.History h, BundlePlan.Version v) {
        return h.aliases().entrySet().stream().filter(a -> a.getValue().equals(v.version())).map(Map.Entry::getKey)
                .sorted().toList();
    }

    /**
     * Refuses the bundle, before anything is written, when a version's recorded stage changes or the aliases that
     * point at it cannot be replayed under this registry's stage machine (unknown stage, no such transition, a stage
     * that needs approval, no alias allowed in the first stage).
     */
    private void requireReplayable(List<BundlePlan.Version> toRegister, BundlePlan plan, Path directory) {
        var machine = registry.lifecycle().stageMachine();
        plan.histories.values().forEach(h -> h.aliases().keySet().forEach(Names::requireAlias));
        for (BundlePlan.Version v : toRegister) {
            BundlePlan.History h = plan.histories.get(v.name());
            if (h == null) {
                continue;
            }
            List<String> path = new ArrayList<>();
            JsonNode changes = h.stages().get(v.version());
            if (changes != null) {
                for (JsonNode change : changes) {
                    String to = change.path("to").asText(null);
                    if (to != null) {
                        path.add(to);
                    }
                }
            }
            String problem = StagePlan.problem(machine, path, !aliasesOf(h, v).isEmpty());
            if (problem != null) {
                throw new InvalidArtifactException("bundle %s: %s cannot be imported with its history: %s; nothing was "
                        + "imported", directory, v.reference(), problem);
            }
        }
    }

    private String register(BundlePlan.Version v, BundlePlan plan, Path directory) throws IOException {
        for (String need : v.needs()) { // an alias the bundle sets may be how a version names its base
            int at = need.indexOf('@');
            if (at > 0 && plan.histories.containsKey(need.substring(0, at))) {
                String target = plan.histories.get(need.substring(0, at)).aliases().get(need.substring(at + 1));
                if (target != null && !resolves(need)) {
                    registry.setAlias(need.substring(0, at), need.substring(at + 1), target);
                }
            }
        }
        Path files = Files.createTempDirectory(directory.toAbsolutePath().getParent(), ".jmreg-bundle-");
        try {
            for (var f : v.files().entrySet()) {
                Path target = files.resolve(f.getKey()).normalize();
                if (!target.startsWith(files)) {
                    throw new InvalidArtifactException("layer title '%s' leaves the bundle", f.getKey());
                }
                Files.createDirectories(target.getParent());
                Files.copy(plan.blob(f.getValue()), target);
            }
            Registration.Builder b = v.registration();
            if (!v.files().isEmpty()) {
                b.artifacts(files).consumeArtifacts();
            }
            return registry.registerModel(b.build()).reference();
        } finally {
            LocalFiles.deleteTree(files);
        }
    }

    /**
     * The versions in an order that registers what each needs first (else by creation); a need neither in the bundle
     * nor in the registry fails the import, naming it, before anything is written.
     */
    private List<BundlePlan.Version> ordered(List<BundlePlan.Version> versions, BundlePlan plan) {
        Map<String, BundlePlan.Version> byRef = new LinkedHashMap<>();
        versions.stream().sorted(Comparator.comparing((BundlePlan.Version v) -> v.created() == null
                ? Instant.EPOCH : v.created())).forEach(v -> byRef.put(v.reference(), v));
        List<String> missing = new ArrayList<>();
        Map<String, BundlePlan.Version> out = new LinkedHashMap<>();
        for (BundlePlan.Version v : byRef.values()) {
            visit(v, byRef, plan, out, missing, new HashSet<>());
        }
        if (!missing.isEmpty()) {
            throw new ValidationException("bundle cannot be imported, nothing was registered: %s",
                    String.join("; ", missing));
        }
        return List.copyOf(out.values());
    }

    private void visit(BundlePlan.Version v, Map<String, BundlePlan.Version> byRef, BundlePlan plan,
                       Map<String, BundlePlan.Version> out, List<String> missing, Set<String> visiting) {
        if (out.containsKey(v.reference()) || !visiting.add(v.reference())) {
            return;
        }
        for (String need : v.needs()) {
            String ref = inBundle(need, plan);
            if (ref != null && byRef.containsKey(ref)) {
                visit(byRef.get(ref), byRef, plan, out, missing, visiting);
            } else if (ref == null && !resolves(need)) {
                missing.add(v.reference() + " needs " + need + ", which is neither in the bundle nor in this registry");
            }
        }
        out.put(v.reference(), v);
    }

    /** The bundle's version a reference names ({@code name:version}, or an alias the bundle carries), or null. */
    private static String inBundle(String need, BundlePlan plan) {
        int at = need.indexOf('@');
        if (at > 0) {
            BundlePlan.History h = plan.histories.get(need.substring(0, at));
            String target = h == null ? null : h.aliases().get(need.substring(at + 1));
            String ref = target == null ? null : need.substring(0, at) + ":" + target;
            return ref != null && plan.versions.stream().anyMatch(v -> v.reference().equals(ref)) ? ref : null;
        }
        return plan.versions.stream().anyMatch(v -> v.reference().equals(need)) ? need : null;
    }

    private boolean resolves(String reference) {
        try {
            registry.resolve(reference);
            return true;
        } catch (ModelNotFoundException | VersionNotFoundException
                 | InvalidReferenceException e) {
            return false;
        }
    }

    private void requirePermissions(List<BundlePlan.Version> versions, BundlePlan plan) {
        var access = registry.access();
        if (!access.allowed(Permission.REGISTRY_IMPORT, null)) {
            throw new AccessDeniedException(registry.principal(), Permission.REGISTRY_IMPORT.id(), "registry");
        }
        for (BundlePlan.Version v : versions) {
            if (!access.allowed(Permission.MODELS_CREATE, v.name())) {
                throw new AccessDeniedException(registry.principal(), Permission.MODELS_CREATE.id(), "model " + v.name());
            }
        }
        for (String m : plan.histories.keySet()) {
            if (!plan.histories.get(m).aliases().isEmpty() && !access.allowed(Permission.MODELS_DEPLOY, m)) {
                throw new AccessDeniedException(registry.principal(), Permission.MODELS_DEPLOY.id(), "model " + m);
            }
        }
    }

    private void setAlias(String model, String alias, String version, List<String> notKept) {
        if (!resolves(model + ":" + version)) {
            notKept.add(model + " alias " + alias + " -> " + version + ": dropped, " + model + ":" + version
                    + " is neither in the bundle nor in this registry");
            return;
        }
        if (!version.equals(registry.aliases(model).get(alias))) {
            try {
                registry.setAlias(model, alias, version);
            } catch (RegistryException e) { // a version that was here before the import
                notKept.add(model + " alias " + alias + " -> " + version + ": dropped, " + e.getMessage());
            }
        }
    }

    /** Replays a version's recorded stage changes (gates and approvals apply as for any promotion). */
    private void restoreStages(String reference, JsonNode changes, List<String> notes) {
        if (changes == null) {
            return;
        }
        for (JsonNode change : changes) {
            String to = change.path("to").asText(null);
            if (to == null || to.equals(registry.resolve(reference).stage())) {
                continue;
            }
            try {
                registry.lifecycle().promote(reference, to);
            } catch (RegistryException e) {
                notes.add(reference + ": stage " + to + " not restored: " + e.getMessage());
                return;
            }
        }
    }

    /** Whether the version is in the registry with the same files; with other files it is a conflict. */
    private boolean present(BundlePlan.Version v) {
        try {
            ModelVersion existing = registry.resolve(v.reference());
            Map<String, String> have = new TreeMap<>();
            existing.artifacts().files().forEach(f -> have.put(f.path(), "sha256:" + f.sha256()));
            Map<String, String> bundled = new TreeMap<>();
            v.files().forEach((path, layer) -> bundled.put(path, layer.path("digest").asText()));
            if (!have.equals(bundled)) {
                throw new VersionConflictException("%s exists with other files than the bundle's",
                        v.reference());
            }
            return true;
        } catch (ModelNotFoundException | VersionNotFoundException absent) {
            return false;
        }
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
