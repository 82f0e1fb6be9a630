package io.jmreg.server;

import io.jmreg.api.webhooks.WebhookRequest;

/**
 * Webhook subscriptions and their deliveries (access_control:manage or registry:webhooks under a policy). A
 * subscription is created with its secret, which no route returns.
 */
final class WebhookRoutes {
    void register(Router r) {
        r.add("GET", "/api/v1/webhooks", x -> x.ok(x.registry().webhooks().list()));
        r.add("POST", "/api/v1/webhooks", x -> x.json(201, x.registry().webhooks()
                .add(x.<WebhookRequest>body(WebhookRequest.class))));
        r.add("DELETE", "/api/v1/webhooks/{id}", x -> {
            x.registry().webhooks().remove(x.param("id"));
            x.noContent();
        });
        r.add("GET", "/api/v1/webhooks/{id}/deliveries", x -> x.ok(x.registry().webhooks()
                .deliveries(x.param("id"), x.intQuery("limit", 50))));
        r.add("POST", "/api/v1/webhook-deliveries/{id}/redeliver", x -> x.ok(x.registry().webhooks()
                .redeliver(x.param("id"))));
    }
}
