package io.jmreg.core.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmreg.api.lifecycle.Comparison;
import io.jmreg.api.lifecycle.MetricDelta;
import io.jmreg.api.lifecycle.ValueChange;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Compares two versions: metric deltas, setting differences, datasets, artifact files, and a winner (SPEC 5.4). */
public final class VersionComparison {
    private VersionComparison() {
    }

    /** Compares {@code a} with {@code b}. */
    public static Comparison compare(ModelVersion a, ModelVersion b, String metric, boolean higherIsBetter) {
        Map<String, MetricDelta> metrics = new TreeMap<>();
        Set<String> names = new TreeSet<>(a.metrics().keySet());
        names.addAll(b.metrics().keySet());
        names.forEach(n -> metrics.put(n, MetricDelta.of(a.metrics().get(n), b.metrics().get(n))));

        Map<String, String> sa = settings(a);
        Map<String, String> sb = settings(b);
        Map<String, ValueChange> parameters = new TreeMap<>();
        Set<String> keys = new TreeSet<>(sa.keySet());
        keys.addAll(sb.keySet());
        for (String k : keys) {
            if (!Objects.equals(sa.get(k), sb.get(k))) {
                parameters.put(k, new ValueChange(sa.get(k), sb.get(k)));
            }
        }

        Set<String> da = datasets(a);
        Set<String> db = datasets(b);
        Map<String, String> fa = files(a);
        Map<String, String> fb = files(b);
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        fb.forEach((p, sha) -> {
            if (!fa.containsKey(p)) {
                added.add(p);
            } else if (!fa.get(p).equals(sha)) {
                changed.add(p);
            }
        });
        fa.keySet().stream().filter(p -> !fb.containsKey(p)).forEach(removed::add);

        String winner = null;
        if (metric != null) {
            Double ma = a.metrics().get(metric);
            Double mb = b.metrics().get(metric);
            if (ma != null && mb != null && !ma.equals(mb)) {
                boolean bBetter = higherIsBetter ? mb > ma : mb < ma;
                winner = bBetter ? b.reference() : a.reference();
            }
        }
        return new Comparison(a.reference(), b.reference(), metrics, parameters, minus(db, da), minus(da, db),
                added, removed, changed, winner, metric);
    }

    private static List<String> minus(Set<String> x, Set<String> y) {
        return x.stream().filter(e -> !y.contains(e)).sorted().toList();
    }

    private static Set<String> datasets(ModelVersion v) {
        Set<String> s = new TreeSet<>();
        v.trainingInfo().datasets().forEach(d -> s.add(d.version() == null ? d.name() : d.name() + "@" + d.version()));
        return s;
    }

    private static Map<String, String> files(ModelVersion v) {
        Map<String, String> m = new TreeMap<>();
        for (ArtifactFile f : v.artifacts().files()) {
            m.put(f.path(), f.sha256());
        }
        return m;
    }

    /** Flattened hyper-parameters, method config, training scalars and model_info. */
    private static Map<String, String> settings(ModelVersion v) {
        Map<String, String> out = new TreeMap<>();
        JsonNode training = Json.mapper().valueToTree(v.trainingInfo());
        flatten("training_info", training, out, Set.of("datasets"));
        flatten("model_info", Json.mapper().valueToTree(v.modelInfo()), out, Set.of());
        out.put("base_model", v.lineage().baseModel());
        out.put("config_hash", v.lineage().configHash());
        out.values().removeIf(Objects::isNull);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, Set<String> skip) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!skip.contains(e.getKey())) {
                    flatten(prefix + "." + e.getKey(), e.getValue(), out, Set.of());
                }
            }
        } else if (node.isArray()) {
            out.put(prefix, node.toString());
        } else {
            out.put(prefix, node.asText());
        }
    }
}
