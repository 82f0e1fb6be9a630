package io.jmreg.interop;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Names;
import io.jmreg.api.Versions;
import io.jmreg.api.access.Permission;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.IntegrityException;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.model.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports an MLflow model registry kept in a local {@code mlruns} directory (MLflow's FileStore layout:
 * {@code models/<name>/meta.yaml}, {@code version-<N>/meta.yaml}, {@code tags/}, {@code aliases/}; source runs'
 * {@code metrics/}, {@code params/}, {@code tags/}, {@code artifacts/}) or served by an MLflow tracking server
 * ({@link #fromServer}). Version N becomes a Semantic Version by a pattern ({@code {n}.0.0} by default).
 *
 * <p>Nothing is lost silently: every MLflow field lands in the record (description, owner, tags, metrics including
 * keys with '/', parameters, the git commit as lineage, files) or, in its original form, under {@code custom.mlflow}
 * (times, users, run name and tags, model tags and description, MLmodel flavors and signature, NaN and infinite
 * metrics), or is named in the report. Each version is planned and checked before it is written, and registered
 * whole or not at all: a version whose files cannot be read ({@code s3://} sources, missing files, locations outside
 * the tree) is skipped with the reason and the rest continue. Absolute {@code file://} locations of a tree copied
 * from another machine resolve relative to the tree. Versions already imported are left alone, so an import can run
 * again.
 */
public final class MlflowImport {
    private static final Logger LOG = LoggerFactory.getLogger(MlflowImport.class);
    private final ModelRegistry registry;
    private final String versionPattern;

    /**
     * What an import did.
     *
     * @param registered versions registered
     * @param present    versions imported before (left alone)
     * @param skipped    versions, stages and aliases that could not be imported, each with the reason
     * @param warnings   source values kept elsewhere than their natural place (under {@code custom.mlflow})
     * @param notKept    source fields and items not carried into the registry, each named
     */
    public record Report(List<String> registered, List<String> present, List<String> skipped, List<String> warnings,
                         List<String> notKept) {
        static Report empty() {
            return new Report(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>());
        }

        /** Whether everything readable was imported: nothing skipped. */
        public boolean complete() {
            return skipped.isEmpty();
        }
    }

    /** Imports into {@code registry}, version N becoming {@code versionPattern} with {@code {n}} replaced. */
    public MlflowImport(ModelRegistry registry, String versionPattern) {
        if (versionPattern == null || !versionPattern.contains("{n}")) {
            throw new ValidationException("the version pattern must contain {n}, such as {n}.0.0; got '%s'", versionPattern);
        }
        this.registry = registry;
        this.versionPattern = versionPattern;
    }

    /** Imports with versions {@code N.0.0}. */
    public MlflowImport(ModelRegistry registry) {
        this(registry, "{n}.0.0");
    }

    /** Imports every registered model of the {@code mlruns} directory {@code root}. */
    public Report fromFileStore(Path root) {
        MlflowFileStore store = new MlflowFileStore(root);
        requireImport();
        Report report = Report.empty();
        for (var model : store.models()) {
            importModel(model.getKey(), model.getValue(), report);
        }
        return report;
    }

    /**
     * Imports every registered model of an MLflow tracking server's REST API ({@code registered-models/search},
     * {@code model-versions/search}, {@code runs/get}, {@code get-download-uri} and the artifact proxy), which also
     * covers MLflow's default SQLite store behind a server. Each version's files are downloaded into
     * {@code workDirectory} before it is registered; a version whose files cannot be downloaded is skipped.
     *
     * @param token a bearer token for the server's origin, or null
     */
    public Report fromServer(String trackingUri, String token, Path workDirectory) {
        MlflowRest rest = new MlflowRest(trackingUri, token);
        requireImport();
        Report report = Report.empty();
        for (MlflowSource.Model m : rest.models()) {
            List<MlflowSource.Version> versions = new ArrayList<>();
            List<Path> downloads = new ArrayList<>();
            try {
                String name = registryNameOrNull(m.name());
                for (MlflowSource.Version v : rest.versions(m.name())) {
                    if (v.skip() != null || v.ignored() != null
                            || name != null && exists(name, versionPattern.replace("{n}", v.number()))) {
                        versions.add(v);
                        continue;
                    }
                    MlflowSource.Run run = null;
                    Path files = null;
                    String why = null;
                    try {
                        run = v.runId() == null || v.runId().isBlank() ? null : rest.run(v.runId());
                        files = Files.createDirectories(workDirectory.resolve("mlflow-" + UUID.randomUUID()));
                        downloads.add(files);
                        rest.downloadArtifacts(m.name(), v.number(), files);
                        if (isEmpty(files)) {
                            why = "no files at its source " + v.source();
                        }
                    } catch (InvalidArtifactException | IntegrityException e) {
                        why = e.getMessage();
                    } catch (RegistryException e) {
                        why = "its files or run cannot be read: " + e.getMessage();
                    } catch (IOException e) {
                        why = "its files cannot be downloaded: " + e.getMessage();
                    }
                    versions.add(new MlflowSource.Version(v.number(), v.stage(), v.description(), v.user(), v.created(),
                            v.updated(), v.source(), v.runId(), v.tags(), run, why == null ? files : null, why, null,
                            v.other()));
                }
                importModel(m, versions, report);
            } finally {
                downloads.forEach(LocalFiles::deleteTree);
            }
        }
        return report;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.noneMatch(Files::isRegularFile);
        }
    }

    private void requireImport() {
        if (!registry.access().allowed(Permission.REGISTRY_IMPORT, null)) {
            throw new AccessDeniedException(registry.principal(), Permission.REGISTRY_IMPORT.id(), "registry");
        }
    }

    private void importModel(MlflowSource.Model model, List<MlflowSource.Version> versions, Report report) {
        String name = registryNameOrNull(model.name());
        if (name == null) {
            report.skipped().add("MLflow model '" + model.name() + "': no usable registry name ("
                    + nameProblem(model.name()) + ")");
            return;
        }
        String denied = denied(name, versions, model.aliases());
        if (denied != null) {
            report.skipped().add("MLflow model '" + model.name() + "': nothing imported, the principal lacks " + denied);
            return;
        }
        Map<String, String> aliases = new TreeMap<>(); // alias -> MLflow version number, the usable ones
        model.aliases().forEach((alias, number) -> {
            try {
                aliases.put(Names.requireAlias(alias), number.strip());
            } catch (ValidationException e) {
                report.skipped().add(model.name() + " alias " + alias + ": " + e.getMessage());
            }
        });
        var machine = registry.lifecycle().stageMachine();
        Set<String> aliasesSet = new HashSet<>();
        Map<String, String> byNumber = new TreeMap<>();
        for (MlflowSource.Version v : versions) {
            String version = versionPattern.replace("{n}", v.number());
            String label = model.name() + " version " + v.number();
            if (v.ignored() != null) {
                report.notKept().add(label + ": " + v.ignored());
                continue;
            }
            if (exists(name, version)) {
                byNumber.put(v.number(), version);
                report.present().add(name + ":" + version);
                continue;
            }
            if (v.skip() != null) {
                report.skipped().add(label + ": " + v.skip());
                continue;
            }
            List<String> itsAliases = aliases.entrySet().stream().filter(a -> a.getValue().equals(v.number()))
                    .map(Map.Entry::getKey).toList();
            // planned before the first write: a version whose stage or aliases cannot be replayed here is skipped
            // whole, never registered and then left half-way through its history
            String problem = StagePlan.problem(machine, stagePath(v.stage()), !itsAliases.isEmpty());
            if (problem != null) {
                report.skipped().add(label + ": not imported, " + problem);
                continue;
            }
            MlflowRecord record;
            ModelVersion registered;
            try {
                Versions.requireVersion(version);
                record = MlflowRecord.of(name, version, model, v, label);
                registered = registry.registerModel(record.registration.build());
            } catch (ValidationException | IntegrityException e) {
                report.skipped().add(label + ": " + e.getMessage());
                continue;
            }
            byNumber.put(v.number(), version);
            report.registered().add(registered.reference());
            report.warnings().addAll(record.warnings);
            report.notKept().addAll(record.notKept);
            for (String alias : itsAliases) { // in its first stage, before the stages: an alias may outlive a stage
                registry.setAlias(name, alias, version);
                aliasesSet.add(alias);
            }
            promote(registered, v.stage(), report.skipped(), label);
        }
        aliases.forEach((alias, number) -> {
            if (aliasesSet.contains(alias)) {
                return;
            }
            String version = byNumber.get(number);
            if (version == null) {
                report.skipped().add(model.name() + " alias " + alias + ": its version " + number + " was not imported");
                return;
            }
            try {
                if (!version.equals(registry.aliases(name).get(alias))) {
                    registry.setAlias(name, alias, version);
                }
            } catch (RegistryException e) { // a version that was there before: its stage may allow no alias
                report.skipped().add(model.name() + " alias " + alias + ": " + e.getMessage());
            }
        });
        modelCard(model, name, !byNumber.isEmpty(), report);
    }

    /**
     * The MLflow model's description becomes the model card of a model that has none (a card set here is never
     * overwritten, so a second import writes nothing).
     */
    private void modelCard(MlflowSource.Model model, String name, boolean exists, Report report) {
        if (!exists || model.description() == null || model.description().isBlank()) {
            return;
        }
        try {
            if (registry.getModel(name).description() == null) {
                registry.updateModelDescription(name, model.description());
            }
        } catch (RegistryException e) {
            report.skipped().add(model.name() + " description: not made the model card: " + e.getMessage());
        }
    }

    /** The first permission the import of this model needs and the principal lacks, or null. */
    private String denied(String name, List<MlflowSource.Version> versions, Map<String, String> aliases) {
        var access = registry.access();
        if (!access.allowed(Permission.MODELS_CREATE, name)) {
            return Permission.MODELS_CREATE.id() + " on " + name;
        }
        boolean staged = versions.stream().anyMatch(v -> v.ignored() == null && v.stage() != null
                && List.of("Staging", "Production", "Archived").contains(v.stage()));
        if (staged && !access.allowed(Permission.MODELS_PROMOTE, name)) {
            return Permission.MODELS_PROMOTE.id() + " on " + name + " (its versions have MLflow stages)";
        }
        if (!aliases.isEmpty() && !access.allowed(Permission.MODELS_DEPLOY, name)) {
            return Permission.MODELS_DEPLOY.id() + " on " + name + " (it has aliases)";
        }
        return null;
    }

    /** MLflow names allow spaces and more: those become '-'. */
    static String registryName(String mlflowName) {
        String n = registryNameOrNull(mlflowName);
        if (n == null) {
            throw new ValidationException("MLflow model '%s' has no usable registry name: %s", mlflowName,
                    nameProblem(mlflowName));
        }
        return n;
    }

    private static String candidate(String mlflowName) {
        return mlflowName.strip().replaceAll("[^A-Za-z0-9._/-]+", "-").replaceAll("^[-.]+|[-.]+$", "")
                .toLowerCase(Locale.ROOT);
    }

    private static String registryNameOrNull(String mlflowName) {
        try {
            return Names.requireModelName(candidate(mlflowName));
        } catch (ValidationException e) {
            return null;
        }
    }

    private static String nameProblem(String mlflowName) {
        try {
            Names.requireModelName(candidate(mlflowName));
            return "";
        } catch (ValidationException e) {
            return e.getMessage();
        }
    }

    private boolean exists(String name, String version) {
        try {
            registry.resolve(name + ":" + version);
            return true;
        } catch (ModelNotFoundException | VersionNotFoundException | ValidationException e) {
            return false;
        }
    }

    /** The registry's stages along which MLflow's stage is reached (the default machine's path). */
    private static List<String> stagePath(String stage) {
        return switch (stage == null ? "None" : stage) {
            case "Staging" -> List.of("testing", "staging");
            case "Production" -> List.of("testing", "staging", "production");
            case "Archived" -> List.of("deprecated", "archived");
            default -> List.of();
        };
    }

    /** MLflow's stage, reached along the registry's stages (the default machine's path). */
    private void promote(ModelVersion v, String stage, List<String> skipped, String label) {
        try {
            for (String s : stagePath(stage)) {
                registry.lifecycle().promote(v.reference(), s);
            }
        } catch (RegistryException e) {
            LOG.warn("{}: stage {} not reached: {}", label, stage, e.getMessage());
            skipped.add(label + ": stage " + stage + " not reached: " + e.getMessage());
        }
    }
}
