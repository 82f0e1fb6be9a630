package io.jmreg.core.gc;

import io.jmreg.api.exceptions.StorageException;
import io.jmreg.core.json.Json;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StorageBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's half of the collection protocol. Before a registration relies on blobs (new or reused) it pins them
 * ({@code gc/pins/<id>.json}), then waits for every collection that was already running when the pin was written
 * (those may have read the pins before it), then checks that its blobs are present, storing missing ones again, and
 * only then commits. A collection that starts later reads the pin and keeps the blobs; one that was running and goes
 * silent for a lease is dead, and lapsed before it could delete again ({@link CollectionLease}). So no committed
 * version references a deleted blob, whatever the grace period and however long the upload took (outside the
 * residual window of one delete batch described in the README); the pin is removed after
 * the commit, when the log itself references the blobs. The presence check is skipped when no collection can have
 * run since the pin was opened: none was running then or at the seal, and no new start trace
 * ({@code gc/started/}) appeared in between.
 */
public final class BlobPins {
    /** How long collectors keep their start traces; a registration taking longer always checks its blobs. */
    public static final Duration TRACE_LIFETIME = Duration.ofDays(1);
    private static final Logger LOG = LoggerFactory.getLogger(BlobPins.class);
    private final StorageBackend backend;
    private final GcTimings timings;
    private final String principal;

    /** Pins in {@code backend}, written as {@code principal}. */
    public BlobPins(StorageBackend backend, GcTimings timings, String principal) {
        this.backend = backend;
        this.timings = timings;
        this.principal = principal;
    }

    /** Opens a pin (written at once, empty); close it after the commit. */
    public Pin open() {
        return new Pin();
    }

    /** One writer's pin; thread-safe. */
    public final class Pin implements AutoCloseable {
        private final String key = StoreLayout.GC_PINS + UUID.randomUUID() + ".json";
        private final Instant created = Instant.now();
        private final Set<String> digests = new TreeSet<>();
        private final ScheduledFuture<?> heartbeat;
        private final long openedNanos = System.nanoTime();
        private final Set<String> tracesAtOpen;
        private final boolean runningAtOpen;
        private long writtenNanos;
        private boolean dirty;

        private Pin() {
            List<ObjectInfo> gc = listGc();
            runningAtOpen = gc.stream().anyMatch(o -> o.key().startsWith(StoreLayout.GC_ACTIVE));
            tracesAtOpen = gc.stream().map(ObjectInfo::key).filter(k -> k.startsWith(StoreLayout.GC_STARTED))
                    .collect(Collectors.toSet());
            write();
            heartbeat = Heartbeats.every(timings.pinExpiry().dividedBy(6), this::refresh);
        }

        /** Adds blobs to the pin; written now when the last write is a few seconds old, else at {@link #seal()}. */
        public synchronized void add(String sha256) {
            if (digests.add(sha256)) {
                dirty = true;
                if (System.nanoTime() - writtenNanos > 2_000_000_000L) {
                    write();
                }
            }
        }

        /**
         * Writes the complete pin and waits until every collection that may have missed it has finished; after this,
         * a blob found present stays present until the pin is closed.
         *
         * @return whether a collection may have run since the pin was opened: then the caller must check that its
         *         blobs are present (storing missing ones again) before it commits
         */
        public boolean seal() {
            synchronized (this) {
                if (dirty) {
                    write();
                }
            }
            return awaitEarlierCollections();
        }

        private synchronized void write() {
            backend.putBytes(key, Json.write(new GcDocuments.Pin(1, List.copyOf(digests), principal, created)));
            writtenNanos = System.nanoTime();
            dirty = false;
        }

        private void refresh() {
            try {
                synchronized (this) {
                    write();
                }
            } catch (RuntimeException e) {
                LOG.warn("could not refresh blob pin {}: {}", key, e.toString());
            }
        }

        /**
         * Waits until every collection running when the pin was complete has finished or is dead. A marker is dead
         * when, by the store's clock (estimated from the time of a write of ours), it was last written a lease ago, or
         * when its stored time has not changed for a whole lease of this host's monotonic clock: a marker written
         * with a time in the future (a clock running fast) cannot hold registrations back for longer than that.
         */
        private boolean awaitEarlierCollections() {
            boolean mayHaveRun = runningAtOpen || System.nanoTime() - openedNanos > TRACE_LIFETIME.toNanos() / 2;
            Set<String> earlier = null;
            Instant pinStoreTime = null;
            long pinNanos = 0;
            long sleepMillis = 20;
            Map<String, Instant> seenTime = new HashMap<>();
            Map<String, Long> seenSince = new HashMap<>();
            while (true) {
                List<ObjectInfo> gc = listGc();
                long listedNanos = System.nanoTime();
                if (earlier == null) {
                    mayHaveRun |= gc.stream().map(ObjectInfo::key)
                            .anyMatch(k -> k.startsWith(StoreLayout.GC_STARTED) && !tracesAtOpen.contains(k));
                }
                List<ObjectInfo> markers = gc.stream().filter(o -> o.key().startsWith(StoreLayout.GC_ACTIVE)).toList();
                if (earlier == null) {
                    // only collections running now can have read the pins before ours was complete
                    earlier = markers.stream().map(ObjectInfo::key).collect(Collectors.toSet());
                }
                Set<String> waitFor = earlier;
                List<ObjectInfo> running = markers.stream().filter(m -> waitFor.contains(m.key())).toList();
                if (running.isEmpty()) {
                    return mayHaveRun;
                }
                mayHaveRun = true;
                if (pinStoreTime == null) {
                    synchronized (this) { // the store's clock now, as the time of a write we make
                        write();
                        pinNanos = writtenNanos;
                        pinStoreTime = backend.stat(key).map(ObjectInfo::lastModified).orElseGet(Instant::now);
                    }
                }
                Instant storeNow = pinStoreTime.plusNanos(System.nanoTime() - pinNanos);
                Instant deadBefore = storeNow.minus(timings.lease());
                List<ObjectInfo> alive = new ArrayList<>();
                for (ObjectInfo m : running) {
                    if (!m.lastModified().equals(seenTime.put(m.key(), m.lastModified()))) {
                        seenSince.put(m.key(), listedNanos);
                    }
                    long unchangedNanos = listedNanos - seenSince.get(m.key());
                    if (m.lastModified().isBefore(deadBefore)) {
                        LOG.warn("collection marker {} was not refreshed for {}: its collector is dead", m.key(),
                                timings.lease());
                    } else if (unchangedNanos > timings.lease().toNanos()) {
                        LOG.warn("collection marker {} did not change for {} (its stored time {} is ahead of the "
                                + "store's clock as estimated here, {}): its collector is dead", m.key(),
                                timings.lease(), m.lastModified(), storeNow);
                    } else {
                        alive.add(m);
                    }
                }
                if (alive.isEmpty()) {
                    return true;
                }
                LOG.debug("waiting for {} running collection(s) before committing", alive.size());
                sleep(sleepMillis);
                sleepMillis = Math.min(500, sleepMillis * 2);
            }
        }

        private List<ObjectInfo> listGc() {
            try (Stream<ObjectInfo> s = backend.list(StoreLayout.GC)) {
                return s.filter(o -> !o.key().startsWith(StoreLayout.GC_PINS)).toList();
            }
        }

        /** Removes the pin (after the commit, or when the registration failed). */
        @Override
        public void close() {
            heartbeat.cancel(false);
            synchronized (this) {
                try {
                    backend.delete(key);
                } catch (RuntimeException e) {
                    LOG.warn("could not remove blob pin {} (it expires by itself): {}", key, e.toString());
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(e, "interrupted while waiting for a running garbage collection");
        }
    }
}
