package io.jmreg.core.lineage;

import io.jmreg.api.LineageTracker;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.model.ModelVersion;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.jmreg.core.resolve.ReferenceResolver;

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
            for (ModelVersion v : registry.existing(model).versions()) {
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

    private List<ModelVersion> walk(String reference, Function<String, List<ModelVersion>> next) {
        String start = registry.resolve(reference).reference();
        Map<String, ModelVersion> seen = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            for (ModelVersion v : next.apply(queue.removeFirst())) {
                if (!v.reference().equals(start) && seen.putIfAbsent(v.reference(), v) == null) {
                    queue.addLast(v.reference());
                }
            }
        }
        return List.copyOf(seen.values());
    }
}
