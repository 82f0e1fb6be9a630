package io.jmreg.cli;

import io.jmreg.api.model.LineageGraph;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Lineage graphs as Graphviz DOT and Mermaid flowcharts (versions as boxes, datasets as cylinders). */
final class GraphFormats {
    private GraphFormats() {
    }

    /** Output formats of graph commands. */
    enum Format { TEXT, DOT, MERMAID }

    static String dot(LineageGraph g) {
        StringBuilder s = new StringBuilder("digraph lineage {\n  rankdir=LR;\n  node [fontname=\"sans-serif\"];\n");
        for (LineageGraph.Node n : g.nodes()) {
            String shape = switch (n.kind()) {
                case VERSION -> "box";
                case DATASET -> "cylinder";
                case BASE_MODEL -> "component";
            };
            String label = n.label() + (n.stage() == null ? "" : "\\n" + n.stage());
            s.append("  ").append(quote(n.id())).append(" [shape=").append(shape).append(", label=").append(quote(label))
                    .append(n.id().equals(g.root()) ? ", style=bold" : "").append("];\n");
        }
        for (LineageGraph.Edge e : g.edges()) {
            s.append("  ").append(quote(e.from())).append(" -> ").append(quote(e.to()))
                    .append(" [label=").append(quote(e.relation().name().toLowerCase(Locale.ROOT))).append("];\n");
        }
        return s.append("}\n").toString();
    }

    static String mermaid(LineageGraph g) {
        Map<String, String> ids = new HashMap<>();
        StringBuilder s = new StringBuilder("flowchart LR\n");
        for (LineageGraph.Node n : g.nodes()) {
            String id = "n" + ids.size();
            ids.put(n.id(), id);
            String label = (n.label() + (n.stage() == null ? "" : " (" + n.stage() + ")")).replace("\"", "#quot;");
            s.append("  ").append(id).append(switch (n.kind()) {
                case VERSION -> "[\"" + label + "\"]";
                case DATASET -> "[(\"" + label + "\")]";
                case BASE_MODEL -> "[[\"" + label + "\"]]";
            }).append('\n');
        }
        for (LineageGraph.Edge e : g.edges()) {
            s.append("  ").append(ids.get(e.from())).append(" -->|").append(e.relation().name().toLowerCase(Locale.ROOT))
                    .append("| ").append(ids.get(e.to())).append('\n');
        }
        if (ids.containsKey(g.root())) {
            s.append("  style ").append(ids.get(g.root())).append(" stroke-width:3px\n");
        }
        return s.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
