package io.jmreg.interop;

import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.ValidationException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads an {@code mlruns} directory (MLflow's FileStore layout) into {@link MlflowSource} values. Every path read stays
 * inside the tree; absolute {@code file://} locations written on another machine are resolved relative to the tree
 * (the longest trailing part of the path that exists in it). A version whose files cannot be read ({@code s3://} and
 * other remote schemes, a missing run or directory, a location outside the tree) carries the reason instead.
 */
final class MlflowFileStore {
    private static final Set<String> VERSION_FIELDS = Set.of("creation_timestamp", "current_stage", "description",
            "last_updated_timestamp", "name", "run_id", "source", "status", "user_id", "version");
    private static final Set<String> MODEL_FIELDS = Set.of("creation_timestamp", "description", "last_updated_timestamp",
            "name");
    private static final Set<String> RUN_FIELDS = Set.of("artifact_uri", "end_time", "experiment_id", "run_id",
            "run_name", "run_uuid", "start_time", "status", "user_id", "tags");
    private final Path root;
    private final Map<String, MlflowSource.Run> runs = new HashMap<>();

    MlflowFileStore(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new ValidationException("no MLflow directory at %s", root);
        }
        if (!Files.isDirectory(this.root.resolve("models"))) {
            throw new ValidationException("%s has no models/ directory: not an MLflow FileStore", root);
        }
    }

    /** Every registered model with its versions (in MLflow's order), each version with its files and source run. */
    List<Map.Entry<MlflowSource.Model, List<MlflowSource.Version>>> models() {
        List<Map.Entry<MlflowSource.Model, List<MlflowSource.Version>>> out = new ArrayList<>();
        for (Path modelDir : children(root.resolve("models"))) {
            if (!Files.isDirectory(modelDir)) {
                continue;
            }
            Map<String, String> meta = meta(modelDir.resolve("meta.yaml"));
            MlflowSource.Model model = new MlflowSource.Model(meta.getOrDefault("name", modelDir.getFileName().toString()),
                    meta.get("description"), MlflowSource.millis(meta.get("creation_timestamp")),
                    MlflowSource.millis(meta.get("last_updated_timestamp")), keyFiles(modelDir.resolve("tags")),
                    keyFiles(modelDir.resolve("aliases")), rest(meta, MODEL_FIELDS));
            List<Path> versionDirs = new ArrayList<>(children(modelDir).stream()
                    .filter(p -> p.getFileName().toString().matches("version-\\d{1,9}")).toList());
            versionDirs.sort((a, b) -> Integer.compare(number(a), number(b)));
            List<MlflowSource.Version> versions = new ArrayList<>();
            for (Path vdir : versionDirs) {
                versions.add(version(vdir));
            }
            out.add(Map.entry(model, versions));
        }
        return out;
    }

    private MlflowSource.Version version(Path vdir) {
        Map<String, String> meta = meta(vdir.resolve("meta.yaml"));
        String n = meta.getOrDefault("version", Integer.toString(number(vdir)));
        String runId = meta.getOrDefault("run_id", "");
        String source = meta.getOrDefault("source", "");
        MlflowSource.Version v = new MlflowSource.Version(n, meta.get("current_stage"), meta.get("description"),
                meta.get("user_id"), MlflowSource.millis(meta.get("creation_timestamp")),
                MlflowSource.millis(meta.get("last_updated_timestamp")), source, runId, keyFiles(vdir.resolve("tags")),
                null, null, null, null, rest(meta, VERSION_FIELDS));
        if ("Deleted_Internal".equals(meta.get("current_stage"))) {
            return new MlflowSource.Version(n, v.stage(), v.description(), v.user(), v.created(), v.updated(), source,
                    runId, v.tags(), null, null, null, "deleted in MLflow", v.other());
        }
        MlflowSource.Run run;
        try {
            run = runId.isBlank() ? null : run(runId);
        } catch (RuntimeException e) {
            return v.withFiles(null, "its run " + runId + " cannot be read: " + e.getMessage());
        }
        v = new MlflowSource.Version(n, v.stage(), v.description(), v.user(), v.created(), v.updated(), source, runId,
                v.tags(), run, null, null, null, v.other());
        try {
            Path files = files(source, runId, run);
            return v.withFiles(files, null);
        } catch (Unreadable e) {
            return v.withFiles(null, e.getMessage());
        }
    }

    /** Why a version's files cannot be read. */
    private static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** The directory holding a version's files, inside the tree. */
    private Path files(String source, String runId, MlflowSource.Run run) throws Unreadable {
        Path dir;
        if (source.startsWith("runs:/")) {
            String rest = source.substring("runs:/".length());
            int slash = rest.indexOf('/');
            String id = slash < 0 ? rest : rest.substring(0, slash);
            MlflowSource.Run r = id.equals(runId) ? run : safeRun(id);
            if (r == null) {
                throw new Unreadable("source " + source + " names run " + id + ", which is not in the tree");
            }
            dir = runArtifacts(r, source).resolve(slash < 0 ? "" : rest.substring(slash + 1));
        } else if (source.startsWith("file:") || source.startsWith("/")) {
            dir = locate(source);
        } else if (source.isBlank()) {
            if (run == null) {
                throw new Unreadable("it has neither a source nor a run");
            }
            dir = runArtifacts(run, "run " + runId);
        } else if (source.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            throw new Unreadable("its source " + source + " is not in the directory (only runs:/ and file: sources "
                    + "are read from an mlruns tree; import it from the tracking server instead)");
        } else {
            dir = locate(root.resolve(source).toString());
        }
        return existingInside(dir, source);
    }

    private Path runArtifacts(MlflowSource.Run run, String source) throws Unreadable {
        String uri = run.artifactUri();
        if (uri == null || uri.isBlank()) {
            return runDirectory(run.id()).resolve("artifacts");
        }
        if (uri.startsWith("file:") || uri.startsWith("/")) {
            return locate(uri);
        }
        throw new Unreadable("source " + source + " is in run " + run.id() + ", whose artifacts are at " + uri
                + ", not in the directory");
    }

    /**
     * A {@code file:} location (or absolute path): itself when inside the tree, else the longest trailing part of it
     * that exists inside the tree (a tree copied from another machine).
     */
    private Path locate(String location) throws Unreadable {
        Path p;
        try {
            p = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw new Unreadable("its location " + location + " is not a local path: " + e.getMessage());
        }
        p = p.normalize();
        if (p.startsWith(root)) {
            return p;
        }
        for (int i = 0; i < p.getNameCount(); i++) {
            Path candidate = root.resolve(p.subpath(i, p.getNameCount()).toString()).normalize();
            if (candidate.startsWith(root) && Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new Unreadable(Files.exists(p) ? "its files at " + location + " are outside the directory "
                + "(and not in it under the same trailing path)" : "no files at " + location
                + " (nor under the same trailing path in the directory)");
    }

    private Path existingInside(Path dir, String source) throws Unreadable {
        if (!Files.isDirectory(dir) && !Files.isRegularFile(dir)) {
            throw new Unreadable("no files at source " + source + " (" + root.relativize(dir.normalize()) + ")");
        }
        try {
            Path real = dir.toRealPath();
            if (!real.startsWith(root)) {
                throw new Unreadable("the files of source " + source + " lead outside the directory (" + real + ")");
            }
            if (Files.isDirectory(real)) {
                try (Stream<Path> s = Files.walk(real)) {
                    if (s.noneMatch(Files::isRegularFile)) {
                        throw new Unreadable("no files at source " + source + " (an empty directory)");
                    }
                }
            }
            return real;
        } catch (IOException e) {
            throw new Unreadable("its files at " + source + " cannot be read: " + e.getMessage());
        }
    }

    private MlflowSource.Run safeRun(String id) {
        try {
            return run(id);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The run {@code id} (null when no experiment holds it), read once. */
    MlflowSource.Run run(String id) {
        if (runs.containsKey(id)) {
            return runs.get(id);
        }
        Path dir = runDirectory(id);
        MlflowSource.Run run = dir == null ? null : readRun(id, dir);
        runs.put(id, run);
        return run;
    }

    private Path runDirectory(String id) {
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            return null;
        }
        for (Path experiment : children(root)) {
            Path run = experiment.resolve(id);
            if (!experiment.getFileName().toString().equals("models") && Files.isDirectory(run)
                    && Files.isRegularFile(run.resolve("meta.yaml"))) {
                return run;
            }
        }
        return null;
    }

    private MlflowSource.Run readRun(String id, Path dir) {
        Map<String, String> meta = meta(dir.resolve("meta.yaml"));
        List<String> notKept = new ArrayList<>();
        Map<String, Double> latest = new TreeMap<>();
        int earlier = 0;
        for (var m : keyFiles(dir.resolve("metrics")).entrySet()) {
            Metric best = null;
            int values = 0;
            for (String line : m.getValue().split("\n")) {
                String[] p = line.strip().split("\\s+");
                if (p.length < 2) {
                    continue;
                }
                Metric here;
                try {
                    here = new Metric(Long.parseLong(p[0]), MlflowSource.number(p[1]), p.length > 2 ? Long.parseLong(p[2]) : 0);
                } catch (NumberFormatException e) {
                    notKept.add("run " + id + ": metric " + m.getKey() + " line '" + line.strip() + "' is not "
                            + "'timestamp value step'");
                    continue;
                }
                values++;
                if (best == null || here.step() > best.step() || here.step() == best.step() && here.time() >= best.time()) {
                    best = here;
                }
            }
            if (best != null) {
                latest.put(m.getKey(), best.value());
                earlier += values - 1;
            }
        }
        Map<String, String> other = rest(meta, RUN_FIELDS);
        String experiment = meta(dir.getParent().resolve("meta.yaml")).get("name");
        if (experiment != null && !experiment.isBlank()) {
            other.put("experiment_name", experiment);
        }
        if (Files.isDirectory(dir.resolve("inputs"))) {
            notKept.add("run " + id + ": dataset inputs (inputs/) are not read");
        }
        return new MlflowSource.Run(id, meta.getOrDefault("run_name", ""), meta.getOrDefault("user_id", ""),
                MlflowSource.runStatus(meta.get("status")), MlflowSource.millis(meta.get("start_time")),
                MlflowSource.millis(meta.get("end_time")), meta.get("experiment_id"), meta.get("artifact_uri"),
                keyFiles(dir.resolve("tags")), keyFiles(dir.resolve("params")), latest, earlier, other, notKept);
    }

    private record Metric(long time, double value, long step) {
    }

    /**
     * Each file under {@code dir} as key -> content, the key being its path relative to {@code dir} ({@code eval/loss}
     * for a key with '/'); files must stay inside the tree.
     */
    private Map<String, String> keyFiles(Path dir) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                if (!f.toRealPath().startsWith(root)) {
                    throw new InvalidArtifactException("%s points outside %s", f, root);
                }
                String key = dir.relativize(f).toString().replace(File.separatorChar, '/');
                out.put(key, Files.readString(f, StandardCharsets.UTF_8).strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A {@code meta.yaml} as PyYAML writes it (long or multi-line values folded over lines), top-level values as
     * text; a file the block reader refuses is read line by line instead.
     */
    private static Map<String, String> meta(Path file) {
        if (!Files.isRegularFile(file)) {
            return new LinkedHashMap<>();
        }
        try {
            Map<String, String> out = new LinkedHashMap<>();
            BlockYaml.parse(Files.readString(file, StandardCharsets.UTF_8))
                    .forEach((k, v) -> out.put(k, v == null ? "" : v.toString()));
            return out;
        } catch (IllegalArgumentException e) {
            return FlatYaml.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Map<String, String> rest(Map<String, String> meta, Set<String> known) {
        Map<String, String> out = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (!known.contains(k) && v != null && !v.isBlank() && !v.equals("[]") && !v.equals("{}")) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static int number(Path versionDir) {
        return Integer.parseInt(versionDir.getFileName().toString().substring("version-".length()));
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
