package io.jmreg.api.webhooks;

import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.exceptions.ValidationException;

import java.net.URI;
import java.util.Set;

/**
 * A subscription to create.
 *
 * @param url          where events are posted ({@code http} or {@code https})
 * @param events       the event types delivered; empty for all
 * @param modelPattern the models whose events are delivered: {@code *} within one name segment, {@code **} across
 *                     {@code /} ({@code medical/**}); null or {@code **} for all
 * @param secret       the HMAC-SHA256 key of the signature, at least 16 characters; stored, never shown again
 */
public record WebhookRequest(String url, Set<RegistryEvent.Type> events, String modelPattern, String secret) {
    /** Validates. */
    public WebhookRequest {
        URI uri;
        try {
            uri = url == null ? null : URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("webhook url is not a URI: %s", url);
        }
        if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new ValidationException("a webhook needs an absolute http or https url, got %s", url);
        }
        if (secret == null || secret.length() < 16 || secret.length() > 512) {
            throw new ValidationException("a webhook secret must have 16..512 characters");
        }
        events = events == null ? Set.of() : Set.copyOf(events);
        modelPattern = modelPattern == null || modelPattern.isBlank() ? "**" : modelPattern.strip();
        if (!modelPattern.matches("[A-Za-z0-9._*/-]{1,300}")) {
            throw new ValidationException("a webhook model pattern may hold name characters, '/', '*' and '**', got %s",
                    modelPattern);
        }
    }

    @Override
    public String toString() {
        return "WebhookRequest[url=" + url + ", events=" + events + ", modelPattern=" + modelPattern + ", secret=***]";
    }
}
