package io.jmreg.core.webhooks;

import io.jmreg.api.access.Scope;
import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.webhooks.WebhookSubscription;

import java.time.Instant;
import java.util.Set;

/**
 * A subscription as stored, secret included (the store's document {@code webhooks/subscriptions/<n>.json} lists them).
 */
record StoredSubscription(String id, String url, Set<RegistryEvent.Type> events, String modelPattern, Instant created,
                          String createdBy, String secret) {
    StoredSubscription {
        events = events == null ? Set.of() : Set.copyOf(events);
    }

    /** As shown through the API: without the secret. */
    WebhookSubscription shown() {
        return new WebhookSubscription(id, url, events, modelPattern, created, createdBy);
    }

    /** Whether events of {@code model} reach this subscription. */
    boolean covers(String model) {
        return modelPattern.equals("**") || new Scope(modelPattern).covers(model);
    }

    /** Whether an event of {@code type} reaches it. */
    boolean wants(RegistryEvent.Type type) {
        return events.isEmpty() || events.contains(type);
    }
}
