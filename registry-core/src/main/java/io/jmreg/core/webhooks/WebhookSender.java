package io.jmreg.core.webhooks;

import io.jmreg.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts one attempt: the JSON payload with {@code Jmreg-Webhook-Id}, {@code Jmreg-Webhook-Event},
 * {@code Jmreg-Webhook-Timestamp} (Unix seconds) and {@code Jmreg-Webhook-Signature: sha256=<hex>}, the
 * HMAC-SHA256 with the subscription's secret of {@code timestamp + "." + body}. Redirects are not followed.
 */
final class WebhookSender {
    /** The outcome of one post. */
    record Outcome(boolean ok, int status, String error) {
    }

    private final HttpClient http;
    private final Duration timeout;

    WebhookSender(Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
    }

    /** The payload of an attempt. */
    static byte[] payload(DeliveryRecords.Attempt a, String subscription, String principal, Instant committed,
                          String commitId, Map<String, String> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", a.deliveryId());
        body.put("event", a.event().name().toLowerCase(Locale.ROOT));
        body.put("model", a.model());
        body.put("version", a.version());
        body.put("principal", principal);
        body.put("time", committed.toString());
        body.put("log", Map.of("model", a.model(), "sequence", a.sequence(), "commit", commitId == null ? "" : commitId));
        body.put("details", details);
        body.put("subscription", subscription);
        body.put("attempt", a.attempt());
        return Json.write(body);
    }

    /** HMAC-SHA256 of {@code timestamp + "." + body} with {@code secret}, hex. */
    static String signature(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    Outcome post(StoredSubscription sub, DeliveryRecords.Attempt a, byte[] body) {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(sub.url())).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "jmreg-webhooks/1")
                .header("Jmreg-Webhook-Id", a.deliveryId())
                .header("Jmreg-Webhook-Event", a.event().name().toLowerCase(Locale.ROOT))
                .header("Jmreg-Webhook-Timestamp", Long.toString(timestamp))
                .header("Jmreg-Webhook-Signature", "sha256=" + signature(sub.secret(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status / 100 == 2 ? new Outcome(true, status, null)
                    : new Outcome(false, status, "the receiver answered " + status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, 0, "interrupted");
        } catch (Exception e) {
            return new Outcome(false, 0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                    + e.getMessage()));
        }
    }
}
