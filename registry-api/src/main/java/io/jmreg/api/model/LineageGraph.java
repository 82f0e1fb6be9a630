package io.jmreg.api.model;

import java.util.List;

/**
 * The lineage around one version, as a graph to draw: versions (its ancestors and descendants across models),
 * the datasets that fed them and the base models adapters were made for. Edges point from origin to result.
 *
 * @param root  the version asked about ({@code name:version})
 * @param nodes every version, dataset and base model, the root first
 * @param edges parent to child, dataset to version, base model to adapter
 */
public record LineageGraph(String root, List<Node> nodes, List<Edge> edges) {
    /** Copies the lists. */
    public LineageGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** Kinds of nodes. */
    public enum NodeKind {
        /** A registered version ({@code name:version}). */ VERSION,
        /** A dataset ({@code name} or {@code name@version}). */ DATASET,
        /** A base model named by an adapter or fine-tune (a reference, perhaps outside the registry). */ BASE_MODEL
    }

    /** Kinds of edges. */
    public enum Relation {
        /** The version was derived from its parent. */ PARENT,
        /** The dataset fed the version's training. */ TRAINED_ON,
        /** The adapter or fine-tune was made for the base model. */ BASE_MODEL
    }

    /**
     * A node.
     *
     * @param id    unique within the graph: {@code name:version}, {@code dataset:<name>} or {@code base:<reference>}
     * @param kind  what it is
     * @param label what to print
     * @param stage a version's lifecycle stage, else null
     */
    public record Node(String id, NodeKind kind, String label, String stage) {
    }

    /**
     * An edge from origin to result.
     *
     * @param from     origin node id
     * @param to       result node id
     * @param relation how they relate
     */
    public record Edge(String from, String to, Relation relation) {
    }
}
