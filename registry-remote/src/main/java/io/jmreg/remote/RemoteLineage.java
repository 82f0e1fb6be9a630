package io.jmreg.remote;

import io.jmreg.api.LineageTracker;
import io.jmreg.api.model.LineageGraph;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.wire.WireJson;

import java.util.List;

/** Lineage navigation on the server. */
final class RemoteLineage implements LineageTracker {
    private final Http http;

    RemoteLineage(Http http) {
        this.http = http;
    }

    private List<ModelVersion> relation(String relation, String reference) {
        return http.get("/api/v1/lineage/" + relation + Http.query("reference", reference),
                WireJson.listOf(ModelVersion.class));
    }

    @Override
    public List<ModelVersion> parents(String reference) {
        return relation("parents", reference);
    }

    @Override
    public List<ModelVersion> children(String reference) {
        return relation("children", reference);
    }

    @Override
    public List<ModelVersion> ancestors(String reference) {
        return relation("ancestors", reference);
    }

    @Override
    public List<ModelVersion> descendants(String reference) {
        return relation("descendants", reference);
    }

    @Override
    public List<ModelVersion> fedBy(String dataset) {
        return http.get("/api/v1/datasets/" + Http.seg(dataset) + "/consumers", WireJson.listOf(ModelVersion.class));
    }

    @Override
    public LineageGraph graph(String reference) {
        return http.get("/api/v1/lineage/graph" + Http.query("reference", reference), LineageGraph.class);
    }
}
