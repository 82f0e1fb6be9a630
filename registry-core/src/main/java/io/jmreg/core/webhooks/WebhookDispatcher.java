package io.jmreg.core.webhooks;

import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.webhooks.DeliverySettings;
import io.jmreg.core.log.LogEntry;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers in one process. Each poll, for every subscription and every model it covers, it walks the model's log
 * from the stored cursor: events the subscription does not want, or committed before it was created, are passed
 * over; a settled delivery (delivered, or failed after its last attempt) is passed over; at the first unsettled one
 * it stops (log order per model) and, when that delivery is due, claims its next attempt create-only and posts it
 * on a worker. An attempt whose outcome was never recorded (its process died) is taken over once its lease ran
 * out. The cursor hint moves only over settled events.
 */
final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private final StorageBackend backend;
    private final SubscriptionStore subscriptions;
    private final DeliveryRecords records;
    private final DeliverySettings settings;
    private final WebhookSender sender;
    private final String process = ProcessHandle.current().pid() + "@" + UUID.randomUUID();
    private final Map<String, Long> cursors = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService workers;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile boolean closed;

    WebhookDispatcher(StorageBackend backend, SubscriptionStore subscriptions, DeliveryRecords records,
                      DeliverySettings settings) {
        this.backend = backend;
        this.subscriptions = subscriptions;
        this.records = records;
        this.settings = settings;
        this.sender = new WebhookSender(settings.requestTimeout());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "jmreg-webhooks"));
        this.workers = Executors.newFixedThreadPool(4, r -> daemon(r, "jmreg-webhook-post"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::pollQuietly, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Polls soon (a commit in this process). */
    void wake() {
        if (!closed && wakeQueued.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    wakeQueued.set(false);
                    pollQuietly();
                });
            } catch (RejectedExecutionException e) {
                wakeQueued.set(false);
            }
        }
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.warn("webhook delivery poll failed (retried at the next poll): {}", e.toString());
        }
    }

    private void poll() {
        if (closed) {
            return;
        }
        var subs = subscriptions.current();
        if (subs.isEmpty()) {
            return;
        }
        var models = backend.listChildren(StoreLayout.MODELS).stream().map(StoreLayout::decode).toList();
        for (StoredSubscription sub : subs) {
            for (String model : models) {
                if (sub.covers(model) && !inFlight.contains(sub.id() + "|" + model)) {
                    advance(sub, model);
                }
            }
        }
    }

    private void advance(StoredSubscription sub, String model) {
        String key = sub.id() + "|" + model;
        long stored = cursors.computeIfAbsent(key, k -> records.cursor(sub.id(), model));
        long settled = stored;
        for (long seq = stored + 1; !closed; seq++) {
            Optional<byte[]> bytes = backend.getBytesIfExists(StoreLayout.logKey(model, seq));
            if (bytes.isEmpty()) {
                break;
            }
            if (LogEntry.isAborted(bytes.get())) {
                settled = seq; // a write a crash cut before it was durable: no change, no event
                continue;
            }
            LogEntry entry = LogEntry.read(bytes.get(), model, seq, StoreLayout.logKey(model, seq));
            RegistryEvent.Type type = EventTypes.of(entry);
            if (!sub.wants(type) || entry.at().isBefore(sub.created())) {
                settled = seq;
                continue;
            }
            DeliveryRecords.State state = records.state(sub.id(), model, seq);
            if (state.settled()) {
                settled = seq;
                continue;
            }
            Instant now = Instant.now();
            if (state.latest() != null && state.result() == null && now.isAfter(leaseEnd(state.latest()))
                    && state.attempts() >= settings.maxAttempts()) {
                records.record(sub.id(), model, seq, new DeliveryRecords.Result(state.attempts(), now, false, 0,
                        "the delivering process stopped before it recorded the outcome", true));
                break; // settled at the next poll
            }
            if (due(state, now)) {
                int attempt = state.attempts() + 1;
                inFlight.add(key);
                try {
                    workers.execute(() -> {
                        try {
                            attempt(sub, model, entry, type, attempt, false);
                        } catch (RuntimeException e) {
                            LOG.warn("webhook attempt {} of {} {} failed: {}", attempt, model, entry.seq(), e.toString());
                        } finally {
                            inFlight.remove(key);
                            wake();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    inFlight.remove(key);
                }
            }
            break;
        }
        if (settled > stored) {
            cursors.put(key, settled);
            records.cursor(sub.id(), model, settled);
        }
    }

    private Instant leaseEnd(DeliveryRecords.Attempt a) {
        return a.at().plus(settings.requestTimeout().multipliedBy(2)).plusSeconds(5);
    }

    private boolean due(DeliveryRecords.State s, Instant now) {
        if (s.latest() == null) {
            return true;
        }
        if (s.result() == null) {
            return now.isAfter(leaseEnd(s.latest())); // its process died mid-attempt: take over
        }
        return !now.isBefore(s.result().at().plus(backoff(s.attempts())));
    }

    /** The wait after failed attempt {@code k}: the initial backoff doubled k-1 times, at most the maximum. */
    Duration backoff(int k) {
        Duration d = settings.initialBackoff();
        for (int i = 1; i < k && d.compareTo(settings.maxBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : d;
    }

    /** Claims and makes attempt {@code k}; false when another process claimed it. */
    boolean attempt(StoredSubscription sub, String model, LogEntry entry, RegistryEvent.Type type, int k,
                    boolean lastOnFailure) {
        DeliveryRecords.Attempt a = new DeliveryRecords.Attempt(DeliveryRecords.deliveryId(sub.id(), model, entry.seq()),
                k, Instant.now(), process, type, model, entry.version(), entry.seq());
        if (!records.claim(a, sub.id())) {
            return false;
        }
        byte[] body = WebhookSender.payload(a, sub.id(), entry.by(), entry.at(), entry.commitId(),
                EventTypes.details(entry));
        WebhookSender.Outcome o = sender.post(sub, a, body);
        records.record(sub.id(), model, entry.seq(), new DeliveryRecords.Result(k, Instant.now(), o.ok(), o.status(),
                o.error(), o.ok() || lastOnFailure || k >= settings.maxAttempts()));
        return true;
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdown(); // a poll in progress finishes its step (no interrupted store writes)
        workers.shutdown();
        try {
            scheduler.awaitTermination(settings.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            workers.awaitTermination(settings.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
