package io.jmreg.remote;

import io.jmreg.api.ModelReference;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.Comparison;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.Lifecycle;
import io.jmreg.api.lifecycle.ModelSnapshot;
import io.jmreg.api.lifecycle.PromotionRequest;
import io.jmreg.api.lifecycle.StageChange;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.wire.Requests;
import io.jmreg.wire.WireJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/** The server's lifecycle calls: stages, promotions, approvals, deployments, comparison, time travel. */
final class RemoteLifecycle implements Lifecycle {
    private final Http http;
    private final IntSupplier pageSize;
    private volatile StageMachine stages;

    RemoteLifecycle(Http http, IntSupplier pageSize) {
        this.http = http;
        this.pageSize = pageSize;
    }

    @Override
    public StageMachine stageMachine() {
        StageMachine s = stages;
        if (s == null) { // the server's machine is fixed while it runs: asked once per client
            s = http.get("/api/v1/stage-machine", StageMachine.class);
            stages = s;
        }
        return s;
    }

    @Override
    public ModelVersion promote(String reference, String stage, String... gates) {
        return http.send("POST", RemoteModelRegistry.refPath(reference) + "/promote", new Requests.Promote(stage, List.of(gates)),
                ModelVersion.class);
    }

    @Override
    public List<StageChange> stageHistory(String reference) {
        return http.get(RemoteModelRegistry.refPath(reference) + "/stage-history", WireJson.listOf(StageChange.class));
    }

    @Override
    public ModelVersion approve(String reference, String stage) {
        return http.send("POST", RemoteModelRegistry.refPath(reference) + "/approve", new Requests.Approve(stage), ModelVersion.class);
    }

    @Override
    public List<PromotionRequest> pendingPromotions(String name) {
        return http.get(RemoteModelRegistry.modelPath(name) + "/promotions", WireJson.listOf(PromotionRequest.class));
    }

    @Override
    public EnvironmentDeployment deploy(String reference, String environment, String endpoint, int replicas) {
        return deploy(reference, environment, endpoint, replicas, List.of());
    }

    @Override
    public EnvironmentDeployment deploy(String reference, String environment, String endpoint, int replicas,
                                        List<String> adapters) {
        return http.send("PUT", RemoteModelRegistry.modelPath(ModelReference.parse(reference).model()) + "/deployments/"
                + Http.seg(environment), new Requests.Deploy(RemoteModelRegistry.selector(reference), null, endpoint, replicas, adapters),
                EnvironmentDeployment.class);
    }

    @Override
    public EnvironmentDeployment deploy(String name, String environment, List<TrafficSplit> splits, String endpoint,
                                        int replicas) {
        if (splits == null || splits.isEmpty()) {
            throw new ValidationException("a split deployment needs at least one split");
        }
        return http.send("PUT", RemoteModelRegistry.modelPath(name) + "/deployments/" + Http.seg(environment),
                new Requests.Deploy(null, splits, endpoint, replicas, null), EnvironmentDeployment.class);
    }

    @Override
    public EnvironmentDeployment rollback(String name, String environment) {
        return http.send("POST", RemoteModelRegistry.modelPath(name) + "/deployments/" + Http.seg(environment) + "/rollback", null,
                EnvironmentDeployment.class);
    }

    @Override
    public Map<String, EnvironmentDeployment> deployments(String name) {
        Map<String, EnvironmentDeployment> all = new LinkedHashMap<>();
        String token = null;
        do {
            Requests.DeploymentPage page = http.get(RemoteModelRegistry.modelPath(name) + "/deployments" + Http.query("limit", pageSize.getAsInt(),
                    "page_token", token), Requests.DeploymentPage.class);
            all.putAll(page.deployments());
            token = page.nextPageToken();
        } while (token != null);
        return all;
    }

    @Override
    public List<EnvironmentDeployment> deploymentHistory(String name, String environment) {
        return http.get(RemoteModelRegistry.modelPath(name) + "/deployments/" + Http.seg(environment) + "/history",
                WireJson.listOf(EnvironmentDeployment.class));
    }

    @Override
    public Comparison compare(String referenceA, String referenceB, String metric, boolean higherIsBetter) {
        return http.get("/api/v1/compare" + Http.query("a", referenceA, "b", referenceB, "metric", metric,
                "higher_is_better", higherIsBetter), Comparison.class);
    }

    @Override
    public ModelSnapshot stateAt(String name, Instant instant) {
        if (instant == null) {
            throw new ValidationException("instant must not be null");
        }
        return http.get(RemoteModelRegistry.modelPath(name) + "/state" + Http.query("at", instant), ModelSnapshot.class);
    }
}
