package io.jmreg.core.lineage;

import io.jmreg.api.model.LineageGraph;
import io.jmreg.api.model.LineageGraph.Edge;
import io.jmreg.api.model.LineageGraph.Node;
import io.jmreg.api.model.LineageGraph.NodeKind;
import io.jmreg.api.model.LineageGraph.Relation;
import io.jmreg.api.model.ModelVersion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the lineage graph of a set of versions: parent edges among them, their datasets and base models. */
final class LineageGraphs {
    private LineageGraphs() {
    }

    static LineageGraph of(String root, List<ModelVersion> versions) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        Set<Edge> edges = new LinkedHashSet<>();
        for (ModelVersion v : versions) {
            nodes.putIfAbsent(v.reference(), new Node(v.reference(), NodeKind.VERSION, v.reference(), v.stage()));
        }
        for (ModelVersion v : versions) {
            for (String parent : v.lineage().parents()) {
                if (nodes.containsKey(parent)) {
                    edges.add(new Edge(parent, v.reference(), Relation.PARENT));
                }
            }
            for (String d : DefaultLineageTracker.datasetsOf(v)) {
                String id = "dataset:" + d;
                nodes.putIfAbsent(id, new Node(id, NodeKind.DATASET, d, null));
                edges.add(new Edge(id, v.reference(), Relation.TRAINED_ON));
            }
            String base = v.lineage().baseModel() != null ? v.lineage().baseModel() : v.modelInfo().baseModel();
            if (base != null) {
                String id = nodes.containsKey(base) ? base : "base:" + base;
                nodes.putIfAbsent(id, new Node(id, NodeKind.BASE_MODEL, base, null));
                edges.add(new Edge(id, v.reference(), Relation.BASE_MODEL));
            }
        }
        return new LineageGraph(root, new ArrayList<>(nodes.values()), new ArrayList<>(edges));
    }
}
