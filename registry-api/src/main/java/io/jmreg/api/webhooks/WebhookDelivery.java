package io.jmreg.api.webhooks;

import io.jmreg.api.events.RegistryEvent;

import java.time.Instant;

/**
 * One event's delivery to one subscription.
 *
 * @param id             the delivery id, the same in every attempt (sent as {@code Jmreg-Webhook-Id})
 * @param subscriptionId the subscription
 * @param event          the event type
 * @param model          the model
 * @param version        the version concerned, or null
 * @param sequence       the event's position in the model's log
 * @param status         where it stands
 * @param attempts       attempts made
 * @param lastStatus     the receiver's last HTTP status, or 0 when it gave none (no connection, timeout)
 * @param lastError      what went wrong in the last failed attempt, or null
 * @param updated        time of the last attempt
 */
public record WebhookDelivery(String id, String subscriptionId, RegistryEvent.Type event, String model, String version,
                              long sequence, Status status, int attempts, int lastStatus, String lastError,
                              Instant updated) {
    /** Where a delivery stands. */
    public enum Status {
        /** Claimed or waiting for its next attempt. */
        PENDING,
        /** The receiver answered 2xx. */
        DELIVERED,
        /** Every attempt failed; {@link Webhooks#redeliver} tries again. */
        FAILED
    }
}
