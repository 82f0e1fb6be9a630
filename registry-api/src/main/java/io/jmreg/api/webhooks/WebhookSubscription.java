package io.jmreg.api.webhooks;

import io.jmreg.api.events.RegistryEvent;

import java.time.Instant;
import java.util.Set;

/**
 * A stored subscription as it is shown (never with its secret).
 *
 * @param id           its id
 * @param url          where events are posted
 * @param events       the event types delivered; empty for all
 * @param modelPattern the models whose events are delivered
 * @param created      when it was stored; only events committed from then on are delivered
 * @param createdBy    the principal that stored it
 */
public record WebhookSubscription(String id, String url, Set<RegistryEvent.Type> events, String modelPattern,
                                  Instant created, String createdBy) {
    /** Copies. */
    public WebhookSubscription {
        events = events == null ? Set.of() : Set.copyOf(events);
    }
}
