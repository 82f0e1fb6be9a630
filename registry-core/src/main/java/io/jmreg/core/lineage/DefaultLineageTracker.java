package io.jmreg.core.lineage;

import io.jmreg.api.LineageTracker;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.LineageGraph;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.resolve.ReferenceResolver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/** Lineage from the parents recorded on each version; children are found by scanning the registry. */
public final class DefaultLineageTracker implements LineageTracker {
    private final ReferenceResolver registry;

    /** Lineage over the versions {@code resolver} reaches. */
    public DefaultLineageTracker(ReferenceResolver resolver) {
        this.registry = resolver;
    }

    @Override
    public List<ModelVersion> parents(String reference) {
        List<ModelVersion> result = new ArrayList<>();
        for (String parent : registry.resolve(reference).lineage().parents()) {
            try {
                result.add(registry.resolve(parent));
            } catch (RegistryException gone) {
                // a deleted parent is no longer part of the navigable lineage
            }
        }
        return result;
    }

    @Override
    public List<ModelVersion> children(String reference) {
        String self = registry.resolve(reference).reference();
        List<ModelVersion> result = new ArrayList<>();
        for (String model : registry.listModels()) {
            for (ModelVersion v : registry.stored(model).versions()) {
                if (v.lineage().parents().contains(self)) {
                    result.add(v);
                }
            }
        }
        return result;
    }

    @Override
    public List<ModelVersion> ancestors(String reference) {
        return walk(reference, this::parents);
    }

    @Override
    public List<ModelVersion> descendants(String reference) {
        return walk(reference, this::children);
    }

    @Override
    public List<ModelVersion> fedBy(String dataset) {
        if (dataset == null || dataset.isBlank()) {
            throw new ValidationException("dataset must not be empty");
        }
        List<ModelVersion> result = new ArrayList<>();
        for (String model : registry.listModels()) {
            for (ModelVersion v : registry.stored(model).versions()) {
                if (datasetsOf(v).stream().anyMatch(d -> d.equals(dataset) || d.startsWith(dataset + "@"))) {
                    result.add(v);
                }
            }
        }
        result.sort(Comparator.comparing(ModelVersion::reference));
        return result;
    }

    /** The datasets a version names, as {@code name} or {@code name@version}, from its lineage and training info. */
    static Set<String> datasetsOf(ModelVersion v) {
        Set<String> out = new TreeSet<>(v.lineage().datasets());
        v.trainingInfo().datasets().forEach(d -> out.add(d.version() == null ? d.name() : d.name() + "@" + d.version()));
        if (out.stream().anyMatch(d -> d.contains("@"))) { // "name" and "name@v" of the same dataset: keep the precise one
            out.removeIf(d -> !d.contains("@") && out.stream().anyMatch(o -> o.startsWith(d + "@")));
        }
        return out;
    }

    @Override
    public LineageGraph graph(String reference) {
        return graph(reference, v -> true);
    }

    /** The lineage graph around a version, with only the versions {@code visible} accepts. */
    public LineageGraph graph(String reference, Predicate<ModelVersion> visible) {
        ModelVersion root = registry.resolve(reference);
        List<ModelVersion> versions = new ArrayList<>();
        versions.add(root);
        versions.addAll(ancestors(reference));
        versions.addAll(descendants(reference));
        return LineageGraphs.of(root.reference(), versions.stream().filter(visible).toList());
    }

    private List<ModelVersion> walk(String reference, Function<String, List<ModelVersion>> next) {
        String start = registry.resolve(reference).reference();
        Map<String, ModelVersion> seen = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            List<ModelVersion> step;
            try {
                step = next.apply(queue.removeFirst());
            } catch (RegistryException unreachable) {
                step = List.of(); // deleted, or not the caller's to read: the walk does not pass through it
            }
            for (ModelVersion v : step) {
                if (!v.reference().equals(start) && seen.putIfAbsent(v.reference(), v) == null) {
                    queue.addLast(v.reference());
                }
            }
        }
        return List.copyOf(seen.values());
    }
}
