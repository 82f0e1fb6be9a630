package io.jmreg.core.gc;

import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.GcReport;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.StoreLayout;
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
import java.util.Set;
import java.util.stream.Stream;

/**
 * Removes blobs that no live version references (SPEC 4.10), safely while other writers are active: a blob is
 * only removed when it is unreferenced at the head of every model's log and older than the grace period.
 * Writers store (or touch, when reusing) every blob before they commit the version that references it, and
 * check that their blobs are present just before committing, so a registration in flight either finds its
 * blob fresh or re-stores it.
 */
public final class GarbageCollector {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
    private final StorageBackend backend;
    private final ModelLog log;

    /** A collector over a store. */
    public GarbageCollector(StorageBackend backend, ModelLog log) {
        this.backend = backend;
        this.log = log;
    }

    /** Runs one collection. */
    public GcReport collect(Duration grace) {
        Instant started = Instant.now();
        Set<String> referenced = new HashSet<>();
        for (String segment : backend.listChildren(StoreLayout.MODELS)) {
            for (ModelVersion v : log.readFresh(StoreLayout.decode(segment)).versions()) {
                v.artifacts().files().stream().map(ArtifactFile::sha256).forEach(referenced::add);
            }
        }
        long scanned = 0;
        long deleted = 0;
        long freed = 0;
        long young = 0;
        Instant cutoff = started.minus(grace);
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
                // re-check just before deleting: a writer reusing the blob has touched it since the listing
                ObjectInfo now = backend.stat(blob.key()).orElse(null);
                if (now == null) {
                    continue;
                }
                if (!now.lastModified().isBefore(cutoff)) {
                    young++;
                    continue;
                }
                doomed.add(blob.key());
                deleted++;
                freed += now.size();
                if (doomed.size() == 1000) {
                    backend.deleteAll(doomed);
                    doomed.clear();
                }
            }
        }
        backend.deleteAll(doomed);
        if (backend instanceof IncompleteUploads uploads) {
            int aborted = uploads.abortIncompleteUploads(grace.compareTo(java.time.Duration.ofHours(1)) < 0
                    ? java.time.Duration.ofHours(1) : grace); // never an upload that may still be running
            LOG.info("gc: aborted {} incomplete uploads", aborted);
        }
        LOG.info("gc: {} blobs scanned, {} referenced, {} removed ({} bytes), {} kept within grace",
                scanned, referenced.size(), deleted, freed, young);
        return new GcReport(scanned, referenced.size(), deleted, freed, young);
    }
}
