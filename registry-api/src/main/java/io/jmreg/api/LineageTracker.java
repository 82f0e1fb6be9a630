package io.jmreg.api;

import io.jmreg.api.model.LineageGraph;
import io.jmreg.api.model.ModelVersion;
import java.util.List;

/** Navigates lineage between versions (SPEC 7): parents are recorded at registration. */
public interface LineageTracker {
    /** Direct parents of the referenced version. */
    List<ModelVersion> parents(String reference);

    /** Versions that name the referenced version as a parent. */
    List<ModelVersion> children(String reference);

    /** All ancestors, nearest first (breadth-first), each once. */
    List<ModelVersion> ancestors(String reference);

    /** All descendants, nearest first (breadth-first), each once. */
    List<ModelVersion> descendants(String reference);

    /**
     * Data lineage the other way: the versions trained on {@code dataset} ({@code name} matches every version of the
     * dataset, {@code name@version} that one), sorted by reference.
     */
    List<ModelVersion> fedBy(String dataset);

    /** The lineage graph around the referenced version, to print or draw (DOT, Mermaid). */
    LineageGraph graph(String reference);
}
