package io.jmreg.core.gc;

import io.jmreg.api.exceptions.GarbageCollectionAbortedException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.GcReport;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.core.json.Json;
import io.jmreg.core.log.ModelLog;
import io.jmreg.spi.IncompleteUploads;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StorageBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Removes blobs that no live version references (SPEC 4.10), safely while other processes and hosts register.
 * The collector's half of the protocol (the writer's is {@link BlobPins}):
 * <ol>
 * <li>write a marker {@code gc/active/<id>.json} (create-only) and rewrite it every {@code lease / 6}
 *     ({@link CollectionLease});</li>
 * <li>read every pin, then read the head of every model's log: pinned or referenced blobs are live;</li>
 * <li>delete the other blobs older than the grace period in batches of at most {@code deleteBatch}, refreshing the
 *     marker right before each batch; once any refresh came more than {@code lease / 2} after the previous one (by
 *     the store's clock or this host's), the lease has lapsed and this collection never deletes again;</li>
 * <li>remove the marker (also when the collection failed).</li>
 * </ol>
 * A writer whose pin this collector did not read saw the marker and waits for it to finish, or to go unrefreshed for
 * a whole lease, before it checks its blobs and commits; a collector whose marker went unrefreshed that long lapsed
 * before its next batch. A version committed before the logs were read is in the live set. The grace period is
 * therefore not needed for safety (zero is allowed): it only spares recently written unreferenced blobs.
 * The one window left is a pause between the last check and the end of one batch (see the README).
 */
public final class GarbageCollector {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
    private final StorageBackend backend;
    private final ModelLog log;
    private final GcTimings timings;
    private final String principal;

    /** A collector over a store. */
    public GarbageCollector(StorageBackend backend, ModelLog log, GcTimings timings, String principal) {
        this.backend = backend;
        this.log = log;
        this.timings = timings;
        this.principal = principal;
    }

    /** Runs one collection. */
    public GcReport collect(Duration grace) {
        String id = UUID.randomUUID().toString();
        String marker = StoreLayout.GC_ACTIVE + id + ".json";
        CollectionLease lease = CollectionLease.acquire(backend, marker,
                Json.write(new GcDocuments.Marker(1, id, principal, Instant.now())), timings.lease());
        if (lease == null) {
            throw new StorageException("garbage collection marker %s exists already", marker);
        }
        try (lease) {
            backend.putIfAbsent(StoreLayout.GC_STARTED + id + ".json", new byte[] {'{', '}'}); // lets writers see it ran
            return collect(lease, grace);
        }
    }

    private GcReport collect(CollectionLease lease, Duration grace) {
        Instant start = lease.start();
        Set<String> pinned = pinnedBlobs(start);
        Set<String> referenced = new HashSet<>();
        boolean first = true;
        for (String segment : backend.listChildren(StoreLayout.MODELS)) {
            for (ModelVersion v : log.readFresh(StoreLayout.decode(segment)).versions()) {
                for (ArtifactFile f : v.artifacts().files()) {
                    referenced.add(f.sha256());
                    if (f.chunkIndex() != null) {
                        referenced.add(f.chunkIndex()); // chunk indexes are blobs too
                    }
                }
            }
            if (first) {
                first = false;
                PausePoints.reached("logs");
            }
        }
        long scanned = 0;
        long young = 0;
        long keptPinned = 0;
        Instant cutoff = start.minus(grace);
        Deletions deletions = new Deletions(lease);
        try (Stream<ObjectInfo> blobs = backend.list(StoreLayout.BLOBS)) {
            for (ObjectInfo blob : (Iterable<ObjectInfo>) blobs::iterator) {
                String sha = StoreLayout.digestOfBlobKey(blob.key());
                if (sha == null) {
                    continue;
                }
                scanned++;
                if (referenced.contains(sha)) {
                    continue;
                }
                if (pinned.contains(sha)) {
                    keptPinned++;
                    continue;
                }
                if (blob.lastModified().isAfter(cutoff)) { // stores may keep whole seconds only
                    young++;
                    continue;
                }
                deletions.add(blob);
            }
        }
        deletions.flush();
        if (!lease.stillFresh()) { // reports a lapse also when nothing was left to delete
            lease.checkBeforeDelete(0, deletions.deleted);
        }
        sweepExpired(start, lease, deletions.deleted);
        Optional<IncompleteUploads> incomplete = backend.capability(IncompleteUploads.class);
        if (incomplete.isPresent()) {
            int aborted = incomplete.get().abortIncompleteUploads(grace.compareTo(Duration.ofHours(1)) < 0
                    ? Duration.ofHours(1) : grace); // never an upload that may still be running
            LOG.info("gc: aborted {} incomplete uploads", aborted);
        }
        LOG.info("gc: {} blobs scanned, {} referenced, {} pinned by registrations in flight, {} removed ({} bytes), "
                + "{} kept within grace", scanned, referenced.size(), keptPinned, deletions.deleted, deletions.freed,
                young);
        return new GcReport(scanned, referenced.size(), deletions.deleted, deletions.freed, young);
    }

    /** Doomed blobs, deleted in bounded batches, each after a liveness check. */
    private final class Deletions {
        private final CollectionLease lease;
        private final List<String> keys = new ArrayList<>();
        private long pendingBytes;
        private long deleted;
        private long freed;
        private int batches;

        Deletions(CollectionLease lease) {
            this.lease = lease;
        }

        void add(ObjectInfo blob) {
            keys.add(blob.key());
            pendingBytes += blob.size();
            if (keys.size() == timings.deleteBatch()) {
                flush();
            }
        }

        void flush() {
            if (keys.isEmpty()) {
                return;
            }
            batches++;
            PausePoints.reached("batch-" + batches);
            lease.checkBeforeDelete(keys.size(), deleted);
            if (!lease.stillFresh()) { // the check itself was slow, or this thread was stopped since
                lease.checkBeforeDelete(keys.size(), deleted);
            }
            backend.deleteAll(List.copyOf(keys));
            deleted += keys.size();
            freed += pendingBytes;
            keys.clear();
            pendingBytes = 0;
        }
    }

    /**
     * Blobs pinned by writers whose pins are alive (refreshed within the pin expiry). A live pin that cannot be read
     * stops the collection before any delete: what it pins is unknown, so nothing may be deleted until it expires.
     */
    private Set<String> pinnedBlobs(Instant start) {
        Set<String> pinned = new HashSet<>();
        Instant expired = start.minus(timings.pinExpiry());
        List<ObjectInfo> pins;
        try (Stream<ObjectInfo> s = backend.list(StoreLayout.GC_PINS)) {
            pins = s.toList();
        }
        PausePoints.reached("pins");
        for (ObjectInfo pin : pins) {
            if (pin.lastModified().isBefore(expired)) {
                continue;
            }
            Optional<byte[]> bytes = Json.bytesIfExists(backend, pin.key());
            if (bytes.isEmpty()) {
                continue; // its writer committed and removed it: the log references its blobs
            }
            GcDocuments.Pin document;
            try {
                document = Json.read(bytes.get(), GcDocuments.Pin.class, pin.key());
            } catch (StorageException e) {
                throw unreadablePin(pin, e);
            }
            if (document.digests() == null) {
                throw unreadablePin(pin, null);
            }
            pinned.addAll(document.digests());
        }
        return pinned;
    }

    private GarbageCollectionAbortedException unreadablePin(ObjectInfo pin, StorageException cause) {
        String why = cause == null ? "it lists no digests" : cause.getMessage();
        return new GarbageCollectionAbortedException(cause, "garbage collection aborted before deleting anything: "
                + "pin %s cannot be read (%s), so the blobs it protects are unknown; collections resume once it "
                + "expires at %s (%s after its last write) or once it is removed", pin.key(), why,
                pin.lastModified().plus(timings.pinExpiry()), timings.pinExpiry());
    }

    /** Removes pins and markers whose owners died long ago (ten times their expiry). */
    private void sweepExpired(Instant start, CollectionLease lease, long deleted) {
        List<String> stale = new ArrayList<>();
        Instant deadPins = start.minus(timings.pinExpiry().multipliedBy(10));
        Instant deadMarkers = start.minus(timings.lease().multipliedBy(10));
        Instant oldTraces = start.minus(BlobPins.TRACE_LIFETIME);
        try (Stream<ObjectInfo> s = backend.list(StoreLayout.GC_STARTED)) {
            s.filter(o -> o.lastModified().isBefore(oldTraces)).forEach(o -> stale.add(o.key()));
        }
        try (Stream<ObjectInfo> s = backend.list(StoreLayout.GC_PINS)) {
            s.filter(o -> o.lastModified().isBefore(deadPins)).forEach(o -> stale.add(o.key()));
        }
        try (Stream<ObjectInfo> s = backend.list(StoreLayout.GC_ACTIVE)) {
            s.filter(o -> o.lastModified().isBefore(deadMarkers)).forEach(o -> stale.add(o.key()));
        }
        if (!stale.isEmpty()) {
            LOG.info("gc: removing {} pins and markers left by dead writers and collectors", stale.size());
            lease.checkBeforeDelete(stale.size(), deleted);
            backend.deleteAll(stale);
        }
    }
}
