package io.jmreg.core.webhooks;

import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.webhooks.DeliverySettings;
import io.jmreg.api.webhooks.WebhookDelivery;
import io.jmreg.api.webhooks.WebhookRequest;
import io.jmreg.api.webhooks.WebhookSubscription;
import io.jmreg.core.events.EventBus;
import io.jmreg.core.log.LogEntry;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/** The webhook subscriptions and deliveries of one store: the work behind {@link WebhookView}. */
public final class WebhookService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final StorageBackend backend;
    private final SubscriptionStore subscriptions;
    private final DeliveryRecords records;
    private final EventBus events;

    /** The webhooks of {@code backend}'s store; deliveries started here wake on {@code events} (this process's commits). */
    public WebhookService(StorageBackend backend, EventBus events) {
        this.backend = backend;
        this.subscriptions = new SubscriptionStore(backend);
        this.records = new DeliveryRecords(backend);
        this.events = events;
    }

    WebhookSubscription add(WebhookRequest r, String principal) {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        StoredSubscription s = new StoredSubscription("wh" + HexFormat.of().formatHex(id), r.url(), r.events(),
                r.modelPattern(), Instant.now(), principal, r.secret());
        subscriptions.change(list -> {
            list.add(s);
            return list;
        });
        return s.shown();
    }

    List<WebhookSubscription> list() {
        return subscriptions.current().stream().map(StoredSubscription::shown).toList();
    }

    void remove(String id) {
        subscriptions.change(list -> {
            if (!list.removeIf(s -> s.id().equals(id))) {
                throw new ObjectNotFoundException("no webhook subscription %s", id);
            }
            return list;
        });
    }

    List<WebhookDelivery> deliveries(String subscription, int limit) {
        if (limit < 1) {
            throw new ValidationException("limit must be positive, got %d", limit);
        }
        List<WebhookDelivery> out = new ArrayList<>();
        for (Object[] d : records.all(subscription)) {
            DeliveryRecords.State s = records.state(subscription, (String) d[0], (Long) d[1]);
            if (s.latest() != null) {
                out.add(records.shown(subscription, (String) d[0], (Long) d[1], s));
            }
        }
        out.sort(Comparator.comparing(WebhookDelivery::updated).reversed());
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : List.copyOf(out);
    }

    WebhookDelivery redeliver(String deliveryId) {
        Object[] p = DeliveryRecords.parse(deliveryId).orElseThrow(() ->
                new ValidationException("'%s' is not a delivery id", deliveryId));
        String subscription = (String) p[0];
        String model = (String) p[1];
        long seq = (Long) p[2];
        StoredSubscription sub = subscriptions.current().stream().filter(s -> s.id().equals(subscription)).findFirst()
                .orElseThrow(() -> new ObjectNotFoundException("no webhook subscription %s", subscription));
        DeliveryRecords.State state = records.state(subscription, model, seq);
        if (state.latest() == null) {
            throw new ObjectNotFoundException("no delivery %s", deliveryId);
        }
        String key = StoreLayout.logKey(model, seq);
        LogEntry entry = LogEntry.read(backend.getBytes(key), model, seq, key);
        WebhookDispatcher once = new WebhookDispatcher(backend, subscriptions, records, DeliverySettings.defaults());
        try {
            int k = state.attempts() + 1;
            while (!once.attempt(sub, model, entry, EventTypes.of(entry), k, true)) {
                k++; // another process made that attempt meanwhile
            }
        } finally {
            once.close();
        }
        return records.shown(subscription, model, seq, records.state(subscription, model, seq));
    }

    AutoCloseable startDelivery(DeliverySettings settings) {
        WebhookDispatcher dispatcher = new WebhookDispatcher(backend, subscriptions, records, settings);
        var listening = events.add(e -> dispatcher.wake());
        dispatcher.start();
        return () -> {
            listening.close();
            dispatcher.close();
        };
    }
}
