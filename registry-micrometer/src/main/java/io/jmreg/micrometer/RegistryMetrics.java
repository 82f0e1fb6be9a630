package io.jmreg.micrometer;

import io.jmreg.api.observe.ObservedOperation;
import io.jmreg.api.observe.OperationObserver;
import io.jmreg.api.observe.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer metrics of every registry operation: give it to {@code RegistryOptions.Builder#observer}.
 * <ul>
 *   <li>{@code jmreg.operations} timer, tagged {@code operation} and {@code outcome} (ok, denied, refused, failed);</li>
 *   <li>{@code jmreg.bytes.uploaded}, {@code jmreg.bytes.downloaded} counters (artifact bytes to and from the store);</li>
 *   <li>{@code jmreg.cache.hits}, {@code jmreg.cache.misses} counters (artifact reads served from the local cache, or not);</li>
 *   <li>{@code jmreg.commit.retries}, {@code jmreg.outcomes.unknown} counters (lost commit races, writes read back).</li>
 * </ul>
 * Each meter also carries the common {@code tags} given (e.g. the store).
 */
public final class RegistryMetrics implements OperationObserver {
    /** Name of the operation timer. */
    public static final String OPERATIONS = "jmreg.operations";
    private static final Outcome[] OUTCOMES = Outcome.values();

    private final MeterRegistry meters;
    private final Tags tags;
    private final ConcurrentHashMap<String, Timer[]> timers = new ConcurrentHashMap<>();
    private final Counter uploaded;
    private final Counter downloaded;
    private final Counter hits;
    private final Counter misses;
    private final Counter retries;
    private final Counter unknown;

    /** Metrics in {@code meters}, without common tags. */
    public RegistryMetrics(MeterRegistry meters) {
        this(meters, Tags.empty());
    }

    /** Metrics in {@code meters}, each meter tagged with {@code tags} too. */
    public RegistryMetrics(MeterRegistry meters, Iterable<io.micrometer.core.instrument.Tag> tags) {
        this.meters = java.util.Objects.requireNonNull(meters, "meters");
        this.tags = Tags.of(tags);
        uploaded = Counter.builder("jmreg.bytes.uploaded").baseUnit("bytes").tags(this.tags)
                .description("artifact bytes written to the store").register(meters);
        downloaded = Counter.builder("jmreg.bytes.downloaded").baseUnit("bytes").tags(this.tags)
                .description("artifact bytes read from the store (not from the local cache)").register(meters);
        hits = Counter.builder("jmreg.cache.hits").tags(this.tags)
                .description("artifact reads served entirely from the local cache").register(meters);
        misses = Counter.builder("jmreg.cache.misses").tags(this.tags)
                .description("artifact reads that fetched files from the store").register(meters);
        retries = Counter.builder("jmreg.commit.retries").tags(this.tags)
                .description("commits retried after losing a race to another writer").register(meters);
        unknown = Counter.builder("jmreg.outcomes.unknown").tags(this.tags)
                .description("store writes whose outcome was unknown").register(meters);
    }

    @Override
    public void finished(ObservedOperation op, Object token) {
        timer(op.operation(), op.outcome()).record(op.durationNanos(), TimeUnit.NANOSECONDS);
        Boolean hit = op.cacheHit();
        if (hit != null) {
            (hit ? hits : misses).increment();
        }
        if (op.bytesUploaded() > 0) {
            uploaded.increment(op.bytesUploaded());
        }
        if (op.bytesDownloaded() > 0) {
            downloaded.increment(op.bytesDownloaded());
        }
        if (op.commitRetries() > 0) {
            retries.increment(op.commitRetries());
        }
        if (op.unknownOutcomes() > 0) {
            unknown.increment(op.unknownOutcomes());
        }
    }

    /** The timer of {@code operation} ending in {@code outcome}, registered on first use and then looked up in an array. */
    private Timer timer(String operation, Outcome outcome) {
        Timer[] byOutcome = timers.computeIfAbsent(operation, o -> new Timer[OUTCOMES.length]);
        Timer t = byOutcome[outcome.ordinal()];
        if (t == null) {
            t = Timer.builder(OPERATIONS).description("registry operations, by operation and outcome").tags(tags)
                    .tag("operation", operation).tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                    .register(meters);
            byOutcome[outcome.ordinal()] = t; // a racing registration returns the same meter: a benign race
        }
        return t;
    }

    @Override
    public String toString() {
        return "RegistryMetrics" + tags;
    }
}
