package io.jmreg.server;

import io.jmreg.api.ModelRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed sign-ins (a missing, unknown, expired or malformed bearer token) per source address: each is audited (source,
 * client, reason; never token material) and counted in a fixed window; a source that failed {@code maxFailures}
 * times in the window gets 429 with {@code Retry-After} until the window ends, valid token or not, and its further
 * attempts are audited once per window ({@code reason: throttled}), so a flood can neither guess tokens quickly nor
 * flood the audit trail. Memory is bounded: at most {@link #MAX_SOURCES} sources are tracked (expired windows are
 * dropped first; when all are live, the oldest window goes).
 */
final class SignInGuard {
    private static final Logger LOG = LoggerFactory.getLogger(SignInGuard.class);
    static final int MAX_SOURCES = 10_000;
    private final ModelRegistry registry;
    private final int maxFailures;
    private final long windowNanos;
    private final Map<String, Window> bySource = new ConcurrentHashMap<>();

    /** The failures of one source in its current window; guarded by itself. */
    private static final class Window {
        final long startNanos;
        int failures;
        boolean throttleAudited;

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    SignInGuard(ModelRegistry registry, int maxFailures, Duration window) {
        this.registry = registry;
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
    }

    /** Refuses (429) a source over its limit; call before looking at its token. */
    void check(String source, String client, Response response) {
        Window w = bySource.get(source);
        if (w == null) {
            return;
        }
        long now = System.nanoTime();
        boolean audit;
        long retryAfter;
        synchronized (w) {
            if (now - w.startNanos >= windowNanos || w.failures < maxFailures) {
                return;
            }
            audit = !w.throttleAudited;
            w.throttleAudited = true;
            retryAfter = Math.max(1, (windowNanos - (now - w.startNanos) + 999_999_999L) / 1_000_000_000L);
        }
        if (audit) {
            audit(source, client, "throttled");
        }
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(retryAfter));
        throw new HttpError(429, "too_many_requests", "too many failed sign-ins from this address; retry in %d s",
                retryAfter);
    }

    /** Counts and audits a failed sign-in of {@code source}. */
    void failed(String source, String client, String reason) {
        long now = System.nanoTime();
        Window w = bySource.compute(source, (k, old) -> old == null || now - old.startNanos >= windowNanos
                ? new Window(now) : old);
        synchronized (w) {
            w.failures++;
        }
        if (bySource.size() > MAX_SOURCES) {
            evict(now);
        }
        audit(source, client, reason);
    }

    private void evict(long now) {
        bySource.entrySet().removeIf(e -> now - e.getValue().startNanos >= windowNanos);
        while (bySource.size() > MAX_SOURCES) {
            bySource.entrySet().stream().min((a, b) -> Long.compare(a.getValue().startNanos, b.getValue().startNanos))
                    .ifPresent(e -> bySource.remove(e.getKey(), e.getValue()));
        }
    }

    private void audit(String source, String client, String reason) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("source", source);
        details.put("client", client);
        details.put("reason", reason);
        try {
            registry.audit().recordSignInFailure(details);
        } catch (RuntimeException e) {
            LOG.warn("failed sign-in from {} ({}) not audited: {}", source, reason, e.getMessage());
        }
    }
}
