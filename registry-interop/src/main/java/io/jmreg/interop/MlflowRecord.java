package io.jmreg.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.Names;
import io.jmreg.api.Registration;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.TrainingInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One MLflow version as a registration, and what did not fit. Fields land where the record has a place for them
 * (description, owner, tags, metrics, hyper-parameters, the git commit as lineage, files); everything else, and
 * every MLflow field in its original form, under {@code custom.mlflow}. Values the record cannot hold (NaN and
 * infinite metrics, tags that are not registry tags) are kept under {@code custom.mlflow} with a warning.
 */
final class MlflowRecord {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String GIT_COMMIT = "mlflow.source.git.commit";

    final Registration.Builder registration;
    final List<String> warnings;
    final List<String> notKept;

    private MlflowRecord(Registration.Builder registration, List<String> warnings, List<String> notKept) {
        this.registration = registration;
        this.warnings = warnings;
        this.notKept = notKept;
    }

    static MlflowRecord of(String name, String version, MlflowSource.Model model, MlflowSource.Version v, String label) {
        List<String> warnings = new ArrayList<>();
        List<String> notKept = new ArrayList<>();
        Registration.Builder b = Registration.builder(name).version(version)
                .description(blank(v.description()) ? null : v.description());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", model.name());
        m.put("version", v.number());
        m.put("stage", v.stage() == null ? "None" : v.stage());
        m.put("source", v.source() == null ? "" : v.source());
        m.put("run_id", v.runId() == null ? "" : v.runId());
        putTime(m, "created_at", v.created());
        putTime(m, "updated_at", v.updated());
        if (!blank(v.user())) {
            m.put("user_id", v.user());
            b.owner(v.user());
        }
        m.put("tags", v.tags());
        m.putAll(v.other());
        if (!blank(model.description())) {
            m.put("model_description", model.description());
        }
        if (!model.tags().isEmpty()) {
            m.put("model_tags", model.tags());
        }
        putTime(m, "model_created_at", model.created());
        putTime(m, "model_updated_at", model.updated());
        if (!model.other().isEmpty()) {
            m.put("model_other", model.other());
        }
        v.tags().forEach((k, value) -> {
            try {
                b.tags(Names.requireTag(k + "=" + value));
            } catch (ValidationException notATag) {
                warnings.add(label + ": tag " + k + " is not a registry tag (" + notATag.getMessage()
                        + "): kept under custom.mlflow.tags only");
            }
        });
        if (v.run() != null) {
            run(b, m, v.run(), label, warnings, notKept);
        }
        if (v.files() != null && Files.isDirectory(v.files())) {
            mlmodel(m, v.files().resolve("MLmodel"), label, notKept);
        }
        if (v.files() != null) {
            b.artifacts(v.files());
        }
        b.custom("mlflow", m);
        return new MlflowRecord(b, warnings, notKept);
    }

    private static void run(Registration.Builder b, Map<String, Object> m, MlflowSource.Run run, String label,
                            List<String> warnings, List<String> notKept) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", run.id());
        putText(r, "name", blank(run.name()) ? run.tags().get("mlflow.runName") : run.name());
        putText(r, "user", blank(run.user()) ? run.tags().get("mlflow.user") : run.user());
        putText(r, "status", run.status());
        putTime(r, "start_time", run.start());
        putTime(r, "end_time", run.end());
        putText(r, "experiment_id", run.experimentId());
        putText(r, "artifact_uri", run.artifactUri());
        r.put("tags", run.tags());
        r.putAll(run.other());
        m.put("run", r);
        String commit = run.tags().get(GIT_COMMIT);
        if (!blank(commit)) {
            b.lineage(Lineage.builder().codeCommit(commit).build());
        }
        Map<String, Double> metrics = new TreeMap<>();
        Map<String, String> nonFinite = new TreeMap<>();
        Map<String, Double> otherNames = new TreeMap<>();
        run.metrics().forEach((k, value) -> {
            if (value.isNaN() || value.isInfinite()) {
                nonFinite.put(k, value.isNaN() ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
                warnings.add(label + ": metric " + k + " is " + nonFinite.get(k) + ", which a registry metric cannot "
                        + "hold: kept under custom.mlflow.non_finite_metrics");
                return;
            }
            try {
                metrics.put(Names.requireMetricName(k), value);
            } catch (ValidationException e) {
                otherNames.put(k, value);
                warnings.add(label + ": metric " + k + " has no registry metric name (" + e.getMessage()
                        + "): kept under custom.mlflow.other_metrics");
            }
        });
        b.metrics(metrics);
        if (!nonFinite.isEmpty()) {
            m.put("non_finite_metrics", nonFinite);
        }
        if (!otherNames.isEmpty()) {
            m.put("other_metrics", otherNames);
        }
        if (run.earlierValues() > 0) {
            notKept.add(label + ": metric history of run " + run.id() + " (" + run.earlierValues()
                    + " earlier values; the latest value of each metric is kept)");
        }
        if (!run.params().isEmpty()) {
            b.trainingInfo(TrainingInfo.builder().hyperParameters(new TreeMap<String, Object>(run.params())).build());
        }
        run.notKept().forEach(s -> notKept.add(label + ": " + s));
    }

    /** The MLmodel file's flavors and signature (its JSON column specs parsed), and its other fields. */
    private static void mlmodel(Map<String, Object> m, Path file, String label, List<String> notKept) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        Map<String, Object> yaml;
        try {
            yaml = BlockYaml.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            notKept.add(label + ": MLmodel flavors and signature (the file is imported, but not read: " + e.getMessage()
                    + ")");
            return;
        }
        Map<String, Object> rest = new LinkedHashMap<>(yaml);
        Object flavors = rest.remove("flavors");
        if (flavors != null) {
            m.put("flavors", flavors);
        }
        if (rest.remove("signature") instanceof Map<?, ?> sig) {
            Map<String, Object> signature = new LinkedHashMap<>();
            sig.forEach((k, value) -> signature.put(String.valueOf(k), json(value)));
            m.put("signature", signature);
        }
        if (!rest.isEmpty()) {
            m.put("mlmodel", rest);
        }
    }

    /** A signature part: MLflow writes JSON inside a YAML string; parsed when it is JSON, else kept as written. */
    private static Object json(Object value) {
        if (value instanceof String s && (s.startsWith("[") || s.startsWith("{"))) {
            try {
                return JSON.readValue(s, Object.class);
            } catch (IOException notJson) {
                return s;
            }
        }
        return value;
    }

    private static void putTime(Map<String, Object> m, String key, Long millis) {
        if (millis != null) {
            m.put(key, Instant.ofEpochMilli(millis).toString());
        }
    }

    private static void putText(Map<String, Object> m, String key, String value) {
        if (!blank(value)) {
            m.put(key, value);
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
