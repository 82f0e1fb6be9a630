package io.jmreg.spring;

import io.jmreg.api.ModelRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The registry's health: UP when its store answers and the newest model's log can be read within a time bound,
 * DOWN with the reason otherwise (store gone, unreachable, too slow).
 */
public final class JmregHealthIndicator implements HealthIndicator, AutoCloseable {
    private final ModelRegistry registry;
    private final StoreProbe probe;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jmreg-health");
        t.setDaemon(true);
        return t;
    });

    /** Health of {@code registry}, whose store (opened with {@code properties}) must answer within {@code timeout}. */
    public JmregHealthIndicator(ModelRegistry registry, Map<String, String> properties, Duration timeout) {
        this.registry = registry;
        this.probe = new StoreProbe(registry, properties);
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        Future<StoreProbe.Result> result = executor.submit(probe::probe);
        try {
            StoreProbe.Result r = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Health.Builder up = Health.up().withDetail("uri", registry.uri()).withDetail("models", r.models());
            if (r.newest() != null) {
                up.withDetail("newestModel", r.newest()).withDetail("newestUpdatedAt", r.newestUpdatedAt().toString());
            }
            return up.build();
        } catch (TimeoutException e) {
            result.cancel(true);
            return Health.down().withDetail("uri", registry.uri())
                    .withDetail("reason", "the store did not answer within " + timeout).build();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return Health.down().withDetail("uri", registry.uri()).withDetail("reason", String.valueOf(cause.getMessage()))
                    .withDetail("error", cause.getClass().getSimpleName()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("reason", "interrupted").build();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        probe.close();
    }
}
