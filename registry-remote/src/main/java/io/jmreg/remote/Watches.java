package io.jmreg.remote;

import io.jmreg.api.events.Subscription;
import io.jmreg.api.events.WatchListener;
import io.jmreg.api.model.ModelVersion;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Watches over HTTP: each resolves its reference every {@code maxDelay} and tells its listener of a change. */
final class Watches implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watches.class);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jmreg-remote-watch");
        t.setDaemon(true);
        return t;
    });

    Subscription watch(Supplier<ModelVersion> resolve, Duration maxDelay, WatchListener listener) {
        ModelVersion[] last = {resolve.get()};
        ScheduledFuture<?> poll = timer.scheduleWithFixedDelay(() -> {
            try {
                ModelVersion now = resolve.get();
                String before = last[0] == null ? null : last[0].reference();
                if (!Objects.equals(before, now == null ? null : now.reference())) {
                    ModelVersion previous = last[0];
                    last[0] = now;
                    listener.changed(previous, now);
                }
            } catch (RuntimeException e) {
                LOG.warn("watch poll failed (tried again in {}): {}", maxDelay, e.toString());
            }
        }, maxDelay.toMillis(), maxDelay.toMillis(), TimeUnit.MILLISECONDS);
        return () -> poll.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
