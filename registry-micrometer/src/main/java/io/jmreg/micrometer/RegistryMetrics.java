package io.jmreg.micrometer;

import io.jmreg.api.observe.ObservedOperation;
import io.jmreg.api.observe.OperationObserver;
import io.jmreg.api.observe.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Micrometer metrics of every registry operation: give it to {@code RegistryOptions.Builder#observer}.
 * <ul>
 *   <li>{@code jmreg.operations} timer, tagged {@code operation} and {@code outcome} (ok, denied, refused, failed):
 *       a function timer whose count is exact and whose total time is measured, except for hot cached reads, which
 *       are timed one call in 16 and scaled to the count (so that metrics cost a serving hot path little);</li>
 *   <li>{@code jmreg.bytes.uploaded}, {@code jmreg.bytes.downloaded} counters (artifact bytes to and from the store);</li>
 *   <li>{@code jmreg.cache.hits}, {@code jmreg.cache.misses} counters (artifact reads served from the local cache, or not);</li>
 *   <li>{@code jmreg.commit.retries}, {@code jmreg.outcomes.unknown} counters (lost commit races, writes read back).</li>
 * </ul>
 * Each meter also carries the common {@code tags} given (e.g. the store).
 */
@SuppressWarnings("exports") // Micrometer is optional: the application that uses this class brings it
public final class RegistryMetrics implements OperationObserver {
    /** Name of the operation timer. */
    public static final String OPERATIONS = "jmreg.operations";
    private static final Outcome[] OUTCOMES = Outcome.values();

    private final MeterRegistry meters;
    private final Tags tags;
    private final ConcurrentHashMap<String, Stat[]> timers = new ConcurrentHashMap<>();
    private volatile HotRead lastHotRead;
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
    public RegistryMetrics(MeterRegistry meters, Iterable<Tag> tags) {
        this.meters = Objects.requireNonNull(meters, "meters");
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
    public void finishedHotRead(String operation, String reference, String principal, long durationNanos) {
        HotRead last = lastHotRead;
        if (last == null || last.operation != operation) { // the registry passes one String instance per operation
            last = new HotRead(operation, stat(operation, Outcome.OK));
            lastHotRead = last;
        }
        last.stat.record(durationNanos);
    }

    /** The counts of the last hot read's operation, found without a map lookup on the next one. */
    private record HotRead(String operation, Stat stat) {
    }

    @Override
    public void finished(ObservedOperation op, Object token) {
        stat(op.operation(), op.outcome()).record(op.durationNanos());
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

    /** Calls of one operation and outcome: all counted, the timed ones' time summed. */
    private static final class Stat {
        final LongAdder count = new LongAdder();
        final LongAdder timed = new LongAdder();
        final LongAdder timedNanos = new LongAdder();

        void record(long nanos) {
            count.increment();
            if (nanos >= 0) {
                timed.increment();
                timedNanos.add(nanos);
            }
        }

        long count() {
            return count.sum();
        }

        /** The total time: the timed calls' sum, scaled to every call. */
        double totalNanos() {
            long n = timed.sum();
            return n == 0 ? 0 : timedNanos.sum() * (count.sum() / (double) n);
        }
    }

    /** The counts of {@code operation} ending in {@code outcome}, registered on first use, then found in an array. */
    private Stat stat(String operation, Outcome outcome) {
        Stat[] byOutcome = timers.computeIfAbsent(operation, o -> new Stat[OUTCOMES.length]);
        Stat stat = byOutcome[outcome.ordinal()];
        if (stat == null) {
            synchronized (byOutcome) {
                stat = byOutcome[outcome.ordinal()];
                if (stat == null) {
                    stat = new Stat();
                    FunctionTimer.builder(OPERATIONS, stat, Stat::count, Stat::totalNanos, TimeUnit.NANOSECONDS)
                            .description("registry operations, by operation and outcome").tags(tags)
                            .tag("operation", operation)
                            .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(meters);
                    byOutcome[outcome.ordinal()] = stat;
                }
            }
        }
        return stat;
    }

    @Override
    public String toString() {
        return "RegistryMetrics" + tags;
    }
}
