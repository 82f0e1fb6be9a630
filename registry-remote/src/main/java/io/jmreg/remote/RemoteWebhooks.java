package io.jmreg.remote;

import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.webhooks.DeliverySettings;
import io.jmreg.api.webhooks.WebhookDelivery;
import io.jmreg.api.webhooks.WebhookRequest;
import io.jmreg.api.webhooks.WebhookSubscription;
import io.jmreg.api.webhooks.Webhooks;
import io.jmreg.wire.WireJson;

import java.util.List;

/** The server's webhook subscriptions and deliveries (the server delivers). */
final class RemoteWebhooks implements Webhooks {
    private final Http http;

    RemoteWebhooks(Http http) {
        this.http = http;
    }

    @Override
    public WebhookSubscription add(WebhookRequest request) {
        if (request == null) {
            throw new ValidationException("no webhook request given");
        }
        return http.send("POST", "/api/v1/webhooks", request, WebhookSubscription.class);
    }

    @Override
    public List<WebhookSubscription> list() {
        return http.get("/api/v1/webhooks", WireJson.listOf(WebhookSubscription.class));
    }

    @Override
    public void remove(String subscriptionId) {
        http.send("DELETE", "/api/v1/webhooks/" + Http.seg(subscriptionId), null, null);
    }

    @Override
    public List<WebhookDelivery> deliveries(String subscriptionId, int limit) {
        return http.get("/api/v1/webhooks/" + Http.seg(subscriptionId) + "/deliveries" + Http.query("limit", limit),
                WireJson.listOf(WebhookDelivery.class));
    }

    @Override
    public WebhookDelivery redeliver(String deliveryId) {
        return http.send("POST", "/api/v1/webhook-deliveries/" + Http.seg(deliveryId) + "/redeliver", null,
                WebhookDelivery.class);
    }

    @Override
    public AutoCloseable startDelivery(DeliverySettings settings) {
        throw new OperationNotAllowedException("webhooks are delivered by the server %s itself", http.base());
    }
}
