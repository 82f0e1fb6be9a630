package io.jmreg.core.gc;

import io.jmreg.api.exceptions.GarbageCollectionAbortedException;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StorageBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.stream.Stream;

/**
 * A collection's marker and its proof of liveness. The marker is rewritten every {@code lease / 6} (so its time is
 * the store's clock, whoever writes it) and every refresh is compared with the previous successful one on three
 * clocks: the store's (the marker's stored time), this host's monotonic clock and its wall clock (which, unlike the
 * monotonic one, also advances while the host sleeps). Once any gap exceeds {@code lease / 2} the lease has
 * <em>lapsed</em>, for good: writers may have seen the marker as dead, so this collection never deletes again,
 * whatever later refreshes say. {@link #checkBeforeDelete} refreshes synchronously before each delete batch.
 */
final class CollectionLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CollectionLease.class);
    private final StorageBackend backend;
    private final String key;
    private final byte[] document;
    private final Duration lease;
    private final long maxGapNanos;
    private final Instant start;
    private Instant lastStore;
    private long lastNanos;
    private Instant lastWall;
    private String lapse;
    private boolean closed;
    private ScheduledFuture<?> heartbeat;

    private CollectionLease(StorageBackend backend, String key, byte[] document, Duration lease, long nanos,
                            Instant wall) {
        this.backend = backend;
        this.key = key;
        this.document = document;
        this.lease = lease;
        this.maxGapNanos = lease.toNanos() / 2;
        this.lastNanos = nanos;
        this.lastWall = wall;
        this.lastStore = storeTime();
        this.start = lastStore;
    }

    /**
     * Writes the marker (create-only) and starts refreshing it.
     *
     * @return the lease, or null when {@code key} exists already
     */
    static CollectionLease acquire(StorageBackend backend, String key, byte[] document, Duration lease) {
        long nanos = System.nanoTime();
        Instant wall = Instant.now();
        if (!backend.putIfAbsent(key, document)) {
            return null;
        }
        try {
            CollectionLease l = new CollectionLease(backend, key, document, lease, nanos, wall);
            l.heartbeat = Heartbeats.every(lease.dividedBy(6), l::beat);
            return l;
        } catch (RuntimeException e) {
            removeQuietly(backend, key, e);
            throw e;
        }
    }

    /** The store's time when the marker was first written: the collection's start. */
    Instant start() {
        return start;
    }

    private void beat() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("could not refresh garbage collection marker {}: {}", key, e.toString());
        }
    }

    /** Rewrites the marker and judges the gap since the previous refresh; a no-op once closed or lapsed. */
    private synchronized void refresh() {
        if (closed || lapse != null) {
            return;
        }
        long nanos = System.nanoTime();
        Instant wall = Instant.now();
        backend.putBytes(key, document);
        Instant store = storeTime();
        judge("this host's monotonic clock", nanos - lastNanos);
        judge("this host's wall clock", Duration.between(lastWall, wall).toNanos());
        judge("the store's clock (the marker's stored time)", Duration.between(lastStore, store).toNanos());
        lastNanos = nanos;
        lastWall = wall;
        lastStore = store;
    }

    private void judge(String clock, long gapNanos) {
        if (lapse == null && gapNanos > maxGapNanos) {
            lapse = String.format("its marker %s went %d ms without a refresh by %s, more than half its lease "
                    + "of %s, so writers may have treated it as dead", key, gapNanos / 1_000_000, clock, lease);
            LOG.warn("garbage collection lease lapsed: {}; this collection deletes nothing more", lapse);
        }
    }

    /**
     * Refreshes the marker now and throws when the lease has ever lapsed; call right before each delete batch.
     * A pause after this check and before the batch is done is the residual window: keep batches small.
     */
    synchronized void checkBeforeDelete(int batch, long deletedSoFar) {
        refresh();
        if (lapse != null) {
            throw new GarbageCollectionAbortedException("garbage collection aborted before deleting %d more blobs "
                    + "(%d deleted before, all unreferenced when deleted; the rest is left to the next collection): %s",
                    batch, deletedSoFar, lapse);
        }
    }

    /** Whether no clock of this host says more than half the lease passed since the last refresh. */
    synchronized boolean stillFresh() {
        return lapse == null && System.nanoTime() - lastNanos <= maxGapNanos
                && Duration.between(lastWall, Instant.now()).toNanos() <= maxGapNanos;
    }

    /** The reason this lease lapsed, or null. */
    synchronized String lapse() {
        return lapse;
    }

    /**
     * The store's time of the marker as a listing reports it: the precision blobs and writers compare with (some
     * stores give whole seconds in HEAD's Last-Modified but milliseconds in listings).
     */
    private Instant storeTime() {
        try (Stream<ObjectInfo> s = backend.list(key)) {
            return s.filter(o -> o.key().equals(key)).findFirst().map(ObjectInfo::lastModified)
                    .orElseGet(() -> backend.stat(key).map(ObjectInfo::lastModified).orElseGet(Instant::now));
        }
    }

    /** Stops refreshing and removes the marker (a failure to remove it is logged: it expires after the lease). */
    @Override
    public void close() {
        heartbeat.cancel(false);
        synchronized (this) { // waits for a refresh in flight, which could otherwise write the marker back
            closed = true;
        }
        removeQuietly(backend, key, null);
    }

    private static void removeQuietly(StorageBackend backend, String key, RuntimeException failure) {
        try {
            backend.delete(key);
        } catch (RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
            LOG.warn("could not remove garbage collection marker {} (writers ignore it after the lease): {}", key,
                    e.toString());
        }
    }
}
