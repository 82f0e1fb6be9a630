package io.jmreg.server.ui;

import io.jmreg.api.webhooks.WebhookDelivery;
import io.jmreg.api.webhooks.WebhookSubscription;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the webhooks page shows (its template's parameter): subscriptions without secrets and their deliveries. */
public final class WebhookViews {
    private WebhookViews() {
    }

    /** One subscription with its newest deliveries, newest first. */
    public record Row(WebhookSubscription subscription, List<WebhookDelivery> deliveries) {
        /** The event types, lower case and comma separated, or "all events". */
        public String events() {
            return subscription.events().isEmpty() ? "all events" : subscription.events().stream()
                    .map(e -> e.name().toLowerCase(Locale.ROOT)).sorted().collect(Collectors.joining(", "));
        }
    }

    /**
     * A subscription just created with a secret the server generated, shown once.
     *
     * @param id     the subscription's id
     * @param secret the generated secret
     */
    public record Created(String id, String secret) {
    }

    /**
     * The webhooks page.
     *
     * @param frame      the page frame
     * @param rows       the subscriptions, oldest first
     * @param created    the subscription just created with a generated secret (shown once), or null
     * @param removing   the subscription whose removal waits for confirmation, or null
     * @param eventTypes every event type, lower case, for the form's hint
     */
    public record Page(Views.Frame frame, List<Row> rows, Created created, WebhookSubscription removing,
                       List<String> eventTypes) {
    }

    /** The address of an action on a subscription or delivery, {@code /webhooks/<kind>/<id>/<action>}. */
    public static String action(String kind, String id, String action) {
        return "/webhooks/" + kind + "/" + Links.segment(id) + "/" + action;
    }

    /** The page asking to confirm the removal of subscription {@code id}. */
    public static String confirmRemoval(String id) {
        return "/webhooks?remove=" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                + "#confirm-remove";
    }
}
