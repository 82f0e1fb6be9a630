package io.jmreg.core.gc;

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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Removes blobs that no live version references (SPEC 4.10), safely while other processes and hosts register.
 * The collector's half of the protocol (the writer's is {@link BlobPins}):
 * <ol>
 * <li>write a marker {@code gc/active/<id>.json} (create-only) and refresh it every {@code lease / 6};</li>
 * <li>read every pin, then read the head of every model's log: pinned or referenced blobs are live;</li>
 * <li>delete the other blobs older than the grace period, checking before each batch that the marker was
 *     refreshed within {@code lease / 2} (a collector that could not refresh it stops deleting);</li>
 * <li>remove the marker.</li>
 * </ol>
 * A writer whose pin this collector did not read saw the marker and waits for it to finish before it checks its
 * blobs and commits; a version committed before the logs were read is in the live set. The grace period is
 * therefore not needed for safety (zero is allowed): it only spares recently written unreferenced blobs.
 * Times are the store's clock: the marker's own last-modified time is the collection's start.
 */
public final class GarbageCollector {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
    private static final int BATCH = 1000;
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
        if (!backend.putIfAbsent(marker, Json.write(new GcDocuments.Marker(1, id, principal, Instant.now())))) {
            throw new StorageException("garbage collection marker %s exists already", marker);
        }
        backend.putIfAbsent(StoreLayout.GC_STARTED + id + ".json", new byte[] {'{', '}'}); // lets writers see it ran
        AtomicLong lastBeat = new AtomicLong(System.nanoTime());
        ScheduledFuture<?> heartbeat = Heartbeats.every(timings.heartbeat(), () -> {
            long started = System.nanoTime();
            try {
                backend.touch(marker);
                lastBeat.set(started);
            } catch (RuntimeException e) {
                LOG.warn("could not refresh garbage collection marker {}: {}", marker, e.toString());
            }
        });
        try {
            Instant start = storeTimeOf(marker);
            return collect(start, grace, lastBeat);
        } finally {
            heartbeat.cancel(false);
            backend.delete(marker);
        }
    }

    /**
     * The store's time of writing {@code key}, as a listing reports it: the precision blobs are compared with
     * (some stores give whole seconds in HEAD's Last-Modified but milliseconds in listings).
     */
    private Instant storeTimeOf(String key) {
        try (Stream<ObjectInfo> s = backend.list(key)) {
            return s.filter(o -> o.key().equals(key)).findFirst().map(ObjectInfo::lastModified)
                    .orElseGet(() -> backend.stat(key).map(ObjectInfo::lastModified).orElseGet(Instant::now));
        }
    }

    private GcReport collect(Instant start, Duration grace, AtomicLong lastBeat) {
        Set<String> pinned = pinnedBlobs(start);
        Set<String> referenced = new HashSet<>();
        for (String segment : backend.listChildren(StoreLayout.MODELS)) {
            for (ModelVersion v : log.readFresh(StoreLayout.decode(segment)).versions()) {
                for (ArtifactFile f : v.artifacts().files()) {
                    referenced.add(f.sha256());
                    if (f.chunkIndex() != null) {
                        referenced.add(f.chunkIndex()); // chunk indexes are blobs too
                    }
                }
            }
        }
        long scanned = 0;
        long deleted = 0;
        long freed = 0;
        long young = 0;
        long keptPinned = 0;
        Instant cutoff = start.minus(grace);
        List<String> doomed = new ArrayList<>();
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
                doomed.add(blob.key());
                deleted++;
                freed += blob.size();
                if (doomed.size() == BATCH) {
                    delete(doomed, lastBeat);
                }
            }
        }
        delete(doomed, lastBeat);
        sweepExpired(start);
        Optional<IncompleteUploads> incomplete = backend.capability(IncompleteUploads.class);
        if (incomplete.isPresent()) {
            int aborted = incomplete.get().abortIncompleteUploads(grace.compareTo(Duration.ofHours(1)) < 0
                    ? Duration.ofHours(1) : grace); // never an upload that may still be running
            LOG.info("gc: aborted {} incomplete uploads", aborted);
        }
        LOG.info("gc: {} blobs scanned, {} referenced, {} pinned by registrations in flight, {} removed ({} bytes), "
                + "{} kept within grace", scanned, referenced.size(), keptPinned, deleted, freed, young);
        return new GcReport(scanned, referenced.size(), deleted, freed, young);
    }

    /** Blobs pinned by writers whose pins are alive (refreshed within the pin expiry). */
    private Set<String> pinnedBlobs(Instant start) {
        Set<String> pinned = new HashSet<>();
        Instant expired = start.minus(timings.pinExpiry());
        List<ObjectInfo> pins;
        try (Stream<ObjectInfo> s = backend.list(StoreLayout.GC_PINS)) {
            pins = s.toList();
        }
        for (ObjectInfo pin : pins) {
            if (pin.lastModified().isBefore(expired)) {
                continue;
            }
            Json.bytesIfExists(backend, pin.key()).ifPresent(bytes ->
                    pinned.addAll(Json.read(bytes, GcDocuments.Pin.class, pin.key()).digests()));
        }
        return pinned;
    }

    private void delete(List<String> keys, AtomicLong lastBeat) {
        if (keys.isEmpty()) {
            return;
        }
        long sinceBeat = System.nanoTime() - lastBeat.get();
        if (sinceBeat > timings.lease().toNanos() / 2) {
            throw new StorageException("garbage collection stopped before deleting %d blobs: its marker could not be "
                    + "refreshed for %d ms (writers treat it as dead after %s); nothing unsafe was deleted",
                    keys.size(), sinceBeat / 1_000_000, timings.lease());
        }
        backend.deleteAll(List.copyOf(keys));
        keys.clear();
    }

    /** Removes pins and markers whose owners died long ago (ten times their expiry). */
    private void sweepExpired(Instant start) {
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
            backend.deleteAll(stale);
        }
    }
}
