package io.jmreg.core.watch;

import io.jmreg.api.events.Subscription;
import io.jmreg.api.events.WatchListener;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.log.ModelLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Watches of references, polled on one daemon thread. Each watched model is polled at the shortest interval its
 * watches ask for: a poll reads the model's log from the known head, which costs one small read (the next entry does
 * not exist) when nothing changed, and no listing. Only when the log moved are the model's watched references
 * resolved again and compared with what they selected before.
 */
public final class WatchService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchService.class);
    private final ModelLog log;
    private final Map<String, ModelPoller> pollers = new HashMap<>();
    private ScheduledExecutorService timer;

    /** Watches over {@code log}. */
    public WatchService(ModelLog log) {
        this.log = log;
    }

    /**
     * Watches what {@code resolve} returns for a reference of {@code model} (null: nothing), telling {@code listener}
     * of every change within {@code maxDelay}.
     */
    public Subscription watch(String model, Duration maxDelay, Supplier<ModelVersion> resolve, WatchListener listener) {
        Watch w = new Watch(resolve, listener, resolve.get(), maxDelay.toNanos()); // resolved outside the lock
        return add(model, w);
    }

    private synchronized Subscription add(String model, Watch w) {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "jmreg-watch");
                t.setDaemon(true);
                return t;
            });
        }
        ModelPoller poller = pollers.computeIfAbsent(model, ModelPoller::new);
        poller.add(w);
        return () -> remove(model, w);
    }

    private synchronized void remove(String model, Watch w) {
        ModelPoller poller = pollers.get(model);
        if (poller != null && poller.remove(w)) {
            pollers.remove(model);
        }
    }

    @Override
    public synchronized void close() {
        pollers.values().forEach(p -> p.cancel());
        pollers.clear();
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** One watched reference and what it selected at the last look. */
    private static final class Watch {
        final Supplier<ModelVersion> resolve;
        final WatchListener listener;
        final long intervalNanos;
        ModelVersion last;

        Watch(Supplier<ModelVersion> resolve, WatchListener listener, ModelVersion initial, long intervalNanos) {
            this.resolve = resolve;
            this.listener = listener;
            this.last = initial;
            this.intervalNanos = intervalNanos;
        }
    }

    /** The watches of one model, polled together. */
    private final class ModelPoller {
        final String model;
        final List<Watch> watches = new CopyOnWriteArrayList<>();
        long seenSeq = -1;
        long intervalNanos = Long.MAX_VALUE;
        ScheduledFuture<?> task;

        ModelPoller(String model) {
            this.model = model;
        }

        void add(Watch w) {
            watches.add(w);
            if (w.intervalNanos < intervalNanos) {
                intervalNanos = w.intervalNanos;
                reschedule();
            }
        }

        /** Removes {@code w}; true when no watch is left. */
        boolean remove(Watch w) {
            watches.remove(w);
            if (watches.isEmpty()) {
                cancel();
                return true;
            }
            long shortest = watches.stream().mapToLong(x -> x.intervalNanos).min().orElse(Long.MAX_VALUE);
            if (shortest != intervalNanos) {
                intervalNanos = shortest;
                reschedule();
            }
            return false;
        }

        void cancel() {
            if (task != null) {
                task.cancel(false);
            }
        }

        private void reschedule() {
            cancel();
            task = timer.scheduleWithFixedDelay(this::poll, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
        }

        private void poll() {
            try {
                long seq = log.readFresh(model).seq();
                if (seq == seenSeq) {
                    return; // nothing changed: that was one small read
                }
                seenSeq = seq;
                for (Watch w : watches) {
                    ModelVersion now = w.resolve.get();
                    if (!Objects.equals(reference(w.last), reference(now))) {
                        ModelVersion before = w.last;
                        w.last = now;
                        try {
                            w.listener.changed(before, now);
                        } catch (RuntimeException e) {
                            LOG.warn("watch listener of {} failed: {}", model, e.toString());
                        }
                    }
                }
            } catch (RuntimeException e) {
                seenSeq = -1; // look again next time
                LOG.warn("watching {}: {}", model, e.getMessage());
            }
        }
    }

    private static String reference(ModelVersion v) {
        return v == null ? null : v.reference();
    }
}
