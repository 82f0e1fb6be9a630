package io.jmreg.api.webhooks;

import java.util.List;

/**
 * Webhook subscriptions stored in the registry and their deliveries. Every process that delivers (see
 * {@link #startDelivery}) reads the model logs from a cursor stored in the registry and posts each matching event once
 * per subscription, signed, in log order per model, retried with exponential backoff up to a bound; a restart resumes
 * where the stored progress stands, and several processes on one store claim each delivery create-only, so each
 * event is delivered once per subscription (at least once if a process dies mid-delivery, always with the same
 * delivery id). Managing and reading subscriptions and deliveries needs {@code access_control:manage} or
 * {@code registry:webhooks} under a policy. Secrets are write-only: no call returns them.
 */
public interface Webhooks {
    /** Stores a new subscription; events committed from now on are delivered to it. */
    WebhookSubscription add(WebhookRequest request);

    /** Every subscription, oldest first (without secrets). */
    List<WebhookSubscription> list();

    /** Removes a subscription: nothing more is delivered to it; its delivery records stay readable. */
    void remove(String subscriptionId);

    /** The newest {@code limit} deliveries to a subscription, newest first. */
    List<WebhookDelivery> deliveries(String subscriptionId, int limit);

    /** Posts a delivery once more now, whatever its status, and returns its record after that attempt. */
    WebhookDelivery redeliver(String deliveryId);

    /**
     * Starts delivering in this process (a background thread) until the returned handle is closed; any number of
     * processes may deliver from one store.
     */
    AutoCloseable startDelivery(DeliverySettings settings);
}
