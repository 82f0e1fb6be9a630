package io.jmreg.interop;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Names;
import io.jmreg.api.Registration;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.TrainingInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Imports an MLflow model registry kept in a local {@code mlruns} directory (MLflow's FileStore layout:
 * {@code models/<name>/meta.yaml}, {@code version-<N>/meta.yaml}, {@code tags/}, {@code aliases/}; source runs'
 * {@code metrics/} and {@code params/}). Version N becomes a Semantic Version by a pattern ({@code {n}.0.0} by
 * default); descriptions, tags (as {@code key=value} tags where they fit, and all of them under {@code custom.mlflow}),
 * the source run's metrics (latest value by step) and parameters, stages (promoted along the registry's stages) and
 * aliases follow. Versions MLflow deleted ({@code Deleted_Internal}) are skipped; every path resolved stays inside
 * the root. Versions already imported are skipped, so the import can run again. The same from an MLflow tracking
 * server's REST API: {@link #fromServer}.
 */
public final class MlflowImport {
    private static final Logger LOG = LoggerFactory.getLogger(MlflowImport.class);
    private final ModelRegistry registry;
    private final String versionPattern;

    /**
     * What an import did.
     *
     * @param registered versions registered
     * @param skipped    what was left out, and why
     */
    public record Report(List<String> registered, List<String> skipped) {
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

    /** One MLflow version, read from a directory or a server, ready to register. */
    private record Version(String number, String stage, String description, Map<String, String> tags,
                           Map<String, Double> metrics, Map<String, Object> params, Path files, String source,
                           String runId) {
    }

    /** Imports every registered model of the {@code mlruns} directory {@code root}. */
    public Report fromFileStore(Path root) {
        Path mlruns;
        try {
            mlruns = root.toRealPath();
        } catch (IOException e) {
            throw new ValidationException("no MLflow directory at %s", root);
        }
        Path models = mlruns.resolve("models");
        if (!Files.isDirectory(models)) {
            throw new ValidationException("%s has no models/ directory: not an MLflow FileStore", root);
        }
        Report report = new Report(new ArrayList<>(), new ArrayList<>());
        for (Path modelDir : children(models)) {
            Map<String, String> modelMeta = FlatYaml.read(modelDir.resolve("meta.yaml"));
            String mlflowName = modelMeta.getOrDefault("name", modelDir.getFileName().toString());
            List<Path> versionDirs = new ArrayList<>(children(modelDir).stream()
                    .filter(p -> p.getFileName().toString().matches("version-\\d+")).toList());
            versionDirs.sort((a, b) -> Integer.compare(number(a), number(b)));
            List<Version> versions = new ArrayList<>();
            for (Path vdir : versionDirs) {
                Map<String, String> meta = FlatYaml.read(vdir.resolve("meta.yaml"));
                String n = meta.getOrDefault("version", Integer.toString(number(vdir)));
                if ("Deleted_Internal".equals(meta.get("current_stage"))) {
                    report.skipped().add(mlflowName + " version " + n + ": deleted in MLflow");
                    continue;
                }
                Map<String, Double> metrics = new TreeMap<>();
                Map<String, Object> params = new TreeMap<>();
                String runId = meta.get("run_id");
                if (runId != null && !runId.isBlank()) {
                    Path run = findRun(mlruns, runId);
                    if (run != null) {
                        metrics.putAll(latestMetrics(run.resolve("metrics"), mlruns));
                        params.putAll(readDir(run.resolve("params"), mlruns));
                    }
                }
                versions.add(new Version(n, meta.get("current_stage"), meta.get("description"),
                        readDir(vdir.resolve("tags"), mlruns), metrics, params, artifacts(mlruns, meta),
                        meta.getOrDefault("source", ""), runId));
            }
            importModel(mlflowName, modelMeta.get("description"), versions, readDir(modelDir.resolve("aliases"), mlruns),
                    report);
        }
        return report;
    }

    /**
     * Imports every registered model of an MLflow tracking server's REST API ({@code registered-models/search},
     * {@code model-versions/search}, {@code runs/get}, {@code get-download-uri} and the artifact proxy), which also
     * covers MLflow's default SQLite store behind a server. Files are downloaded into {@code workDirectory} first.
     *
     * @param token a bearer token for the server's origin, or null
     */
    public Report fromServer(String trackingUri, String token, Path workDirectory) {
        MlflowRest rest = new MlflowRest(trackingUri, token);
        Report report = new Report(new ArrayList<>(), new ArrayList<>());
        for (MlflowRest.Model m : rest.models()) {
            List<Version> versions = new ArrayList<>();
            List<Path> downloads = new ArrayList<>();
            try {
                for (MlflowRest.ModelVersionInfo v : rest.versions(m.name())) {
                    if (!"READY".equals(v.status())) {
                        report.skipped().add(m.name() + " version " + v.version() + ": status " + v.status());
                        continue;
                    }
                    MlflowRest.RunData run = v.runId() == null || v.runId().isBlank() ? MlflowRest.RunData.EMPTY
                            : rest.run(v.runId());
                    Path files = Files.createDirectories(workDirectory.resolve("mlflow-" + java.util.UUID.randomUUID()));
                    downloads.add(files);
                    rest.downloadArtifacts(m.name(), v.version(), files);
                    versions.add(new Version(v.version(), v.stage(), v.description(), v.tags(), run.metrics(),
                            run.params(), files, v.source(), v.runId()));
                }
                importModel(m.name(), m.description(), versions, m.aliases(), report);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot download MLflow artifacts of " + m.name(), e);
            } finally {
                downloads.forEach(LocalFiles::deleteTree);
            }
        }
        return report;
    }

    private void importModel(String mlflowName, String modelDescription, List<Version> versions,
                             Map<String, String> aliases, Report report) {
        String name = registryName(mlflowName);
        Map<String, String> byNumber = new TreeMap<>();
        for (Version v : versions) {
            String version = versionPattern.replace("{n}", v.number());
            String label = mlflowName + " version " + v.number();
            byNumber.put(v.number(), version);
            if (exists(name, version)) {
                report.skipped().add(label + ": already imported as " + name + ":" + version);
                continue;
            }
            Registration.Builder b = Registration.builder(name).version(version)
                    .description(v.description() == null || v.description().isBlank() ? null : v.description())
                    .metrics(v.metrics()).custom("mlflow", mlflowRecord(mlflowName, v, modelDescription));
            if (!v.params().isEmpty()) {
                b.trainingInfo(new TrainingInfo(List.of(), null, v.params(), null, null, null, null, null, null, null, null));
            }
            v.tags().forEach((k, value) -> {
                try {
                    b.tags(Names.requireTag(k + "=" + value)); // the registry's own rule; the rest stays in custom.mlflow
                } catch (ValidationException notATag) {
                    LOG.debug("MLflow tag {} of {} is not a registry tag: kept under custom.mlflow only", k, label);
                }
            });
            if (v.files() != null) {
                b.artifacts(v.files());
            }
            ModelVersion registered = registry.registerModel(b.build());
            report.registered().add(registered.reference());
            promote(registered, v.stage(), report.skipped(), label);
        }
        aliases.forEach((alias, number) -> {
            String version = byNumber.get(number.strip());
            if (version == null) {
                report.skipped().add(mlflowName + " alias " + alias + ": its version " + number + " was not imported");
            } else if (!version.equals(registry.aliases(name).get(alias))) {
                registry.setAlias(name, alias, version);
            }
        });
    }

    private static int number(Path versionDir) {
        return Integer.parseInt(versionDir.getFileName().toString().substring("version-".length()));
    }

    /** MLflow names allow spaces and more: those become '-'. */
    static String registryName(String mlflowName) {
        String n = mlflowName.strip().replaceAll("[^A-Za-z0-9._/-]+", "-").replaceAll("^[-.]+|[-.]+$", "");
        try {
            return Names.requireModelName(n.toLowerCase(java.util.Locale.ROOT));
        } catch (ValidationException e) {
            throw new ValidationException("MLflow model '%s' has no usable registry name: %s", mlflowName, e.getMessage());
        }
    }

    private boolean exists(String name, String version) {
        try {
            registry.resolve(name + ":" + version);
            return true;
        } catch (ModelNotFoundException | VersionNotFoundException e) {
            return false;
        }
    }

    private static Map<String, Object> mlflowRecord(String name, Version v, String modelDescription) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("version", v.number());
        m.put("stage", v.stage() == null ? "None" : v.stage());
        m.put("source", v.source() == null ? "" : v.source());
        m.put("run_id", v.runId() == null ? "" : v.runId());
        m.put("tags", v.tags());
        if (modelDescription != null && !modelDescription.isBlank()) {
            m.put("model_description", modelDescription);
        }
        return m;
    }

    /** MLflow's stage, reached along the registry's stages (the default machine's path). */
    private void promote(ModelVersion v, String stage, List<String> skipped, String label) {
        List<String> path = switch (stage == null ? "None" : stage) {
            case "Staging" -> List.of("testing", "staging");
            case "Production" -> List.of("testing", "staging", "production");
            case "Archived" -> List.of("deprecated", "archived");
            default -> List.of();
        };
        try {
            for (String s : path) {
                registry.promote(v.reference(), s);
            }
        } catch (RegistryException e) {
            skipped.add(label + ": stage " + stage + " not reached: " + e.getMessage());
        }
    }

    /** The directory of a version's files, inside the root; null when it has none. */
    private static Path artifacts(Path mlruns, Map<String, String> meta) {
        String source = meta.getOrDefault("source", "");
        String runId = meta.get("run_id");
        Path dir;
        if (source.startsWith("runs:/")) {
            String rest = source.substring("runs:/".length());
            int slash = rest.indexOf('/');
            String run = slash < 0 ? rest : rest.substring(0, slash);
            Path runDir = findRun(mlruns, run);
            if (runDir == null) {
                throw new InvalidArtifactException("source %s names run %s, which is not in %s", source, run, mlruns);
            }
            dir = runDir.resolve("artifacts").resolve(slash < 0 ? "" : rest.substring(slash + 1));
        } else if (source.startsWith("file:")) {
            dir = Path.of(URI.create(source));
        } else if (!source.isBlank() && !source.contains(":")) {
            dir = mlruns.resolve(source);
        } else if (runId != null && findRun(mlruns, runId) != null) {
            dir = findRun(mlruns, runId).resolve("artifacts");
        } else {
            return null;
        }
        try {
            if (!Files.exists(dir)) {
                return null;
            }
            Path real = dir.toRealPath();
            if (!real.startsWith(mlruns)) {
                throw new InvalidArtifactException("the artifacts of source %s (%s) are outside %s", source, real, mlruns);
            }
            return real;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRun(Path mlruns, String runId) {
        if (!runId.matches("[A-Za-z0-9]+")) {
            return null;
        }
        for (Path experiment : children(mlruns)) {
            Path run = experiment.resolve(runId);
            if (Files.isDirectory(run) && !experiment.getFileName().toString().equals("models")) {
                return run;
            }
        }
        return null;
    }

    /** Each file of a directory as name -> content (tags, params, aliases); files must stay inside the root. */
    private static Map<String, String> readDir(Path dir, Path root) {
        Map<String, String> out = new TreeMap<>();
        for (Path f : children(dir)) {
            try {
                if (!f.toRealPath().startsWith(root)) {
                    throw new InvalidArtifactException("%s points outside %s", f, root);
                }
                if (Files.isRegularFile(f)) {
                    out.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8).strip());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The value with the highest step (then the latest time) of each metric file: lines {@code time value step}. */
    private static Map<String, Double> latestMetrics(Path dir, Path root) {
        Map<String, Double> out = new TreeMap<>();
        readDir(dir, root).forEach((metric, text) -> {
            long bestStep = Long.MIN_VALUE;
            long bestTime = Long.MIN_VALUE;
            Double value = null;
            for (String line : text.split("\n")) {
                String[] p = line.strip().split("\\s+");
                if (p.length < 2) {
                    continue;
                }
                long time = Long.parseLong(p[0]);
                long step = p.length > 2 ? Long.parseLong(p[2]) : 0;
                if (step > bestStep || (step == bestStep && time >= bestTime)) {
                    bestStep = step;
                    bestTime = time;
                    value = Double.parseDouble(p[1]);
                }
            }
            if (value != null && !value.isNaN() && !value.isInfinite()) {
                try {
                    out.put(Names.requireMetricName(metric), value);
                } catch (ValidationException e) {
                    LOG.warn("MLflow metric '{}' has no usable registry name: left out", metric);
                }
            }
        });
        return out;
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
