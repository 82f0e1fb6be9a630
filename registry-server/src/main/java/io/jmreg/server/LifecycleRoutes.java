package io.jmreg.server;

import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.wire.Requests;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Promotion and approval, deployments and rollback, stage history, time travel and comparison. */
final class LifecycleRoutes {
    private final PageTokens pages;

    LifecycleRoutes(PageTokens pages) {
        this.pages = pages;
    }

    void register(Router r) {
        r.add("GET", "/api/v1/stage-machine", x -> x.ok(x.registry().lifecycle().stageMachine()));
        r.add("POST", "/api/v1/models/{name}/versions/{version}/promote", x -> {
            Requests.Promote p = x.body(Requests.Promote.class);
            List<String> gates = p.gates() == null ? List.of() : p.gates();
            x.ok(x.registry().lifecycle().promote(ModelRoutes.ref(x), p.stage(), gates.toArray(String[]::new)));
        });
        r.add("POST", "/api/v1/models/{name}/versions/{version}/approve", x -> {
            Requests.Approve a = x.body(Requests.Approve.class);
            x.ok(x.registry().lifecycle().approve(ModelRoutes.ref(x), a.stage()));
        });
        r.add("GET", "/api/v1/models/{name}/versions/{version}/stage-history",
                x -> x.ok(x.registry().lifecycle().stageHistory(ModelRoutes.ref(x))));
        r.add("GET", "/api/v1/models/{name}/promotions", x -> x.ok(x.registry().lifecycle().pendingPromotions(x.param("name"))));
        r.add("GET", "/api/v1/models/{name}/deployments", x -> {
            List<Map.Entry<String, EnvironmentDeployment>> all = new ArrayList<>(
                    new TreeMap<>(x.registry().lifecycle().deployments(x.param("name"))).entrySet()); // by environment
            PageTokens.Page<Map.Entry<String, EnvironmentDeployment>> page = pages.page(x,
                    "deployments\0" + x.param("name"), all, Map.Entry::getKey);
            Map<String, EnvironmentDeployment> items = new LinkedHashMap<>();
            page.items().forEach(e -> items.put(e.getKey(), e.getValue()));
            x.ok(new Requests.DeploymentPage(items, page.nextPageToken()));
        });
        r.add("PUT", "/api/v1/models/{name}/deployments/{environment}", x -> x.ok(deploy(x)));
        r.add("POST", "/api/v1/models/{name}/deployments/{environment}/rollback",
                x -> x.ok(x.registry().lifecycle().rollback(x.param("name"), x.param("environment"))));
        r.add("GET", "/api/v1/models/{name}/deployments/{environment}/history",
                x -> x.ok(x.registry().lifecycle().deploymentHistory(x.param("name"), x.param("environment"))));
        r.add("GET", "/api/v1/models/{name}/state", x -> x.ok(x.registry().lifecycle().stateAt(x.param("name"),
                instant(x.requiredQuery("at"), "at"))));
        r.add("GET", "/api/v1/compare", x -> x.ok(x.registry().lifecycle().compare(x.requiredQuery("a"), x.requiredQuery("b"),
                x.requiredQuery("metric"), !"false".equals(x.query("higher_is_better")))));
    }

    private static EnvironmentDeployment deploy(Exchange x) {
        Requests.Deploy d = x.body(Requests.Deploy.class);
        String name = x.param("name");
        String env = x.param("environment");
        int replicas = d.replicas() == null ? 1 : d.replicas();
        if (d.splits() != null && !d.splits().isEmpty()) {
            if (d.version() != null) {
                throw new HttpError(400, "bad_request", "give either 'version' or 'splits', not both");
            }
            return x.registry().lifecycle().deploy(name, env, d.splits(), d.endpoint(), replicas);
        }
        if (d.version() == null) {
            throw new HttpError(400, "bad_request", "a deployment needs 'version' or 'splits'");
        }
        return x.registry().lifecycle().deploy(ModelRoutes.ref(name, d.version()), env, d.endpoint(), replicas, d.adapters() == null ? List.of() : d.adapters());
    }

    static Instant instant(String text, String what) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new HttpError(400, "bad_request", "'%s' must be an ISO-8601 instant such as 2026-11-23T10:15:30Z, got "
                    + "'%s'", what, text);
        }
    }
}
