package io.jmreg.server.ui;

import io.jmreg.api.model.LineageGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The lineage of a version laid out for an inline SVG in columns, every edge pointing right: origins (parents,
 * datasets, base models) to the left of what they fed, results (children, adapters) to the right.
 *
 * @param width  SVG width
 * @param height SVG height
 * @param boxes  one per node
 * @param lines  one per edge, from the right side of the origin to the left side of the result
 */
public record Picture(int width, int height, List<Box> boxes, List<Line> lines) {
    private static final int BOX_W = 200;
    private static final int BOX_H = 44;
    private static final int GAP_X = 70;
    private static final int GAP_Y = 16;
    private static final int MARGIN = 10;
    private static final int LABEL = 26;

    /**
     * A node. {@code kind} is {@code version}, {@code dataset} or {@code base_model}; {@code href} links a version's
     * page (else null); {@code root} marks the version the page is about.
     */
    public record Box(double x, double y, int w, int h, String label, String title, String kind, String stage,
                      String href, boolean root) {
        /** The x of the label's centre. */
        public double cx() {
            return x + w / 2.0;
        }
    }

    /** An edge; {@code relation} is {@code parent}, {@code trained_on} or {@code base_model}. */
    public record Line(double x1, double y1, double x2, double y2, String relation) {
    }

    static Picture of(LineageGraph graph) {
        // longest-path layers (every edge points right), then each origin moved next to its nearest result
        Map<String, Integer> level = new HashMap<>();
        graph.nodes().forEach(n -> level.put(n.id(), 0));
        for (int pass = 0; pass < graph.nodes().size(); pass++) {
            boolean moved = false;
            for (LineageGraph.Edge e : graph.edges()) {
                int wanted = level.getOrDefault(e.from(), 0) + 1;
                if (level.getOrDefault(e.to(), 0) < wanted) {
                    level.put(e.to(), wanted);
                    moved = true;
                }
            }
            if (!moved) {
                break;
            }
        }
        Set<String> results = new HashSet<>();
        graph.edges().forEach(e -> results.add(e.to()));
        for (LineageGraph.Node n : graph.nodes()) {
            if (!results.contains(n.id())) {
                graph.edges().stream().filter(e -> e.from().equals(n.id())).mapToInt(e -> level.get(e.to()) - 1)
                        .min().ifPresent(l -> level.put(n.id(), l));
            }
        }
        int minLevel = level.values().stream().min(Integer::compare).orElse(0);
        Map<Integer, List<LineageGraph.Node>> columns = new TreeMap<>();
        for (LineageGraph.Node n : graph.nodes()) {
            columns.computeIfAbsent(level.getOrDefault(n.id(), 0) - minLevel, k -> new ArrayList<>()).add(n);
        }
        int rows = columns.values().stream().mapToInt(List::size).max().orElse(1);
        int height = MARGIN * 2 + rows * BOX_H + (rows - 1) * GAP_Y;
        int cols = columns.isEmpty() ? 1 : columns.keySet().stream().max(Integer::compare).orElse(0) + 1;
        int width = MARGIN * 2 + cols * BOX_W + (cols - 1) * GAP_X;
        Map<String, Box> boxes = new LinkedHashMap<>();
        columns.forEach((col, nodes) -> {
            double top = (height - (nodes.size() * BOX_H + (nodes.size() - 1) * GAP_Y)) / 2.0;
            for (int i = 0; i < nodes.size(); i++) {
                LineageGraph.Node n = nodes.get(i);
                double x = MARGIN + col * (BOX_W + GAP_X);
                double y = top + i * (BOX_H + GAP_Y);
                String href = null;
                if (n.kind() == LineageGraph.NodeKind.VERSION) {
                    int colon = n.id().lastIndexOf(':');
                    href = Links.version(n.id().substring(0, colon), n.id().substring(colon + 1));
                }
                String label = n.label().length() > LABEL ? n.label().substring(0, LABEL - 1) + "…" : n.label();
                boxes.put(n.id(), new Box(x, y, BOX_W, BOX_H, label, n.label(),
                        n.kind().name().toLowerCase(Locale.ROOT), n.stage(), href, n.id().equals(graph.root())));
            }
        });
        List<Line> lines = new ArrayList<>();
        for (LineageGraph.Edge e : graph.edges()) {
            Box a = boxes.get(e.from());
            Box b = boxes.get(e.to());
            if (a != null && b != null) {
                lines.add(new Line(a.x() + a.w(), a.y() + a.h() / 2.0, b.x(), b.y() + b.h() / 2.0,
                        e.relation().name().toLowerCase(Locale.ROOT)));
            }
        }
        return new Picture(width, height, List.copyOf(boxes.values()), List.copyOf(lines));
    }
}
