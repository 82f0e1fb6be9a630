package io.jmreg.core.webhooks;

import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.webhooks.WebhookDelivery;
import io.jmreg.core.json.Json;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The delivery records of one subscription in the store, all create-only: under
 * {@code webhooks/deliveries/<subscription>/<model>/<seq>/}, {@code attempt-<k>.json} claims attempt k (whoever
 * creates it makes the attempt, so processes sharing a store never both post one) and {@code result-<k>.json}
 * records its outcome. {@code webhooks/cursors/<subscription>/<model>} is a hint of how far every event is settled;
 * it may lag (then settled events are recognised by their records), never run ahead.
 */
final class DeliveryRecords {
    static final String DELIVERIES = "webhooks/deliveries/";
    static final String CURSORS = "webhooks/cursors/";
    private final StorageBackend backend;

    /** An attempt's claim: the event as posted. */
    record Attempt(String deliveryId, int attempt, Instant at, String by, RegistryEvent.Type event, String model,
                   String version, long sequence) {
    }

    /** An attempt's outcome; {@code last}: no further attempt will be made unless asked for. */
    record Result(int attempt, Instant at, boolean ok, int status, String error, boolean last) {
    }

    /** What the records of one delivery say. */
    record State(Attempt latest, Result result) {
        boolean settled() {
            return result != null && result.attempt() == latest.attempt() && result.last();
        }

        int attempts() {
            return latest == null ? 0 : latest.attempt();
        }
    }

    DeliveryRecords(StorageBackend backend) {
        this.backend = backend;
    }

    /** The delivery id of an event for a subscription: the same in every attempt and every process. */
    static String deliveryId(String subscription, String model, long seq) {
        return subscription + "-" + seq + "-" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(model.getBytes(StandardCharsets.UTF_8));
    }

    /** {subscription, model, seq} of a delivery id, or empty when it is not one. */
    static Optional<Object[]> parse(String deliveryId) {
        String[] p = deliveryId == null ? new String[0] : deliveryId.split("-", 3);
        if (p.length != 3 || !p[0].matches("wh[0-9a-f]{16}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Object[] {p[0], new String(Base64.getUrlDecoder().decode(p[2]), StandardCharsets.UTF_8),
                    Long.parseLong(p[1])});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String prefix(String subscription, String model, long seq) {
        return DELIVERIES + subscription + "/" + StoreLayout.encode(model) + "/" + String.format("%020d", seq) + "/";
    }

    /** Claims attempt {@code a.attempt()}; false when another process claimed it first. */
    boolean claim(Attempt a, String subscription) {
        return backend.putIfAbsent(prefix(subscription, a.model(), a.sequence()) + String.format("attempt-%06d.json",
                a.attempt()), Json.write(a));
    }

    /** Records the outcome of an attempt this process claimed. */
    void record(String subscription, String model, long seq, Result r) {
        backend.putIfAbsent(prefix(subscription, model, seq) + String.format("result-%06d.json", r.attempt()),
                Json.write(r));
    }

    /** What the records of one delivery say (latest null when never attempted). */
    State state(String subscription, String model, long seq) {
        String prefix = prefix(subscription, model, seq);
        int latest = 0;
        int results = 0;
        for (String name : backend.listChildren(prefix)) {
            int n = number(name);
            if (name.startsWith("attempt-")) {
                latest = Math.max(latest, n);
            } else if (name.startsWith("result-")) {
                results = Math.max(results, n);
            }
        }
        if (latest == 0) {
            return new State(null, null);
        }
        Attempt a = Json.read(backend.getBytes(prefix + String.format("attempt-%06d.json", latest)), Attempt.class,
                prefix);
        Result r = results == latest ? Json.read(backend.getBytes(prefix + String.format("result-%06d.json", latest)),
                Result.class, prefix) : null;
        return new State(a, r);
    }

    /** A delivery as the API shows it. */
    WebhookDelivery shown(String subscription, String model, long seq, State s) {
        Attempt a = s.latest();
        Result r = s.result();
        WebhookDelivery.Status status = r == null ? WebhookDelivery.Status.PENDING
                : r.ok() ? WebhookDelivery.Status.DELIVERED : r.last() ? WebhookDelivery.Status.FAILED
                : WebhookDelivery.Status.PENDING;
        String error = r == null ? null : r.error();
        return new WebhookDelivery(a.deliveryId(), subscription, a.event(), model, a.version(), seq, status, a.attempt(),
                r == null ? 0 : r.status(), error, r == null ? a.at() : r.at());
    }

    /** Every delivery of a subscription: {model, seq} pairs. */
    List<Object[]> all(String subscription) {
        List<Object[]> out = new ArrayList<>();
        String base = DELIVERIES + subscription + "/";
        for (String model : backend.listChildren(base)) {
            for (String seq : backend.listChildren(base + model + "/")) {
                try {
                    out.add(new Object[] {StoreLayout.decode(model), Long.parseLong(seq)});
                } catch (NumberFormatException e) {
                    // not a delivery
                }
            }
        }
        return out;
    }

    /** The stored cursor hint: every event up to it is settled (0 when none is stored). */
    long cursor(String subscription, String model) {
        return backend.getBytesIfExists(CURSORS + subscription + "/" + StoreLayout.encode(model)).map(b -> {
            try {
                return Long.parseLong(new String(b, StandardCharsets.UTF_8).strip());
            } catch (NumberFormatException e) {
                return 0L; // a damaged hint: start over; the delivery records say what is settled
            }
        }).orElse(0L);
    }

    /** Stores the cursor hint (overwritten: a lagging hint only costs a re-check of settled events). */
    void cursor(String subscription, String model, long settledThrough) {
        backend.putBytes(CURSORS + subscription + "/" + StoreLayout.encode(model),
                Long.toString(settledThrough).getBytes(StandardCharsets.UTF_8));
    }

    private static int number(String name) {
        try {
            return Integer.parseInt(name.substring(name.indexOf('-') + 1, name.indexOf('.')));
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
