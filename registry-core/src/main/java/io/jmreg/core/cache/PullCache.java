package io.jmreg.core.cache;

import io.jmreg.api.TransferProgress;
import io.jmreg.api.exceptions.CacheException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.CacheReport;
import io.jmreg.api.model.CacheVerification;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.blobs.BlobStore;
import io.jmreg.core.blobs.ByteMeter;
import io.jmreg.core.blobs.ChunkIndex;
import io.jmreg.core.blobs.Parallel;
import io.jmreg.core.blobs.Sha256;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.BoundedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local pull cache, shared safely by several processes (HF-hub-like layout):
 * <pre>
 * blobs/&lt;sha256&gt;                                  verified bytes, written once, read-only
 * fingerprints/&lt;sha256&gt;                           the blob's fingerprint when it was last verified
 * snapshots/&lt;name&gt;/&lt;version&gt;-&lt;digest16&gt;/&lt;path&gt;    hard links to blobs (verified copies where links fail)
 * snapshots/&lt;name&gt;/&lt;version&gt;-&lt;digest16&gt;.files     per file: digest and fingerprint when placed
 * tmp/                                            work in progress; moved into place atomically
 * </pre>
 * Every blob is verified against its SHA-256 while it is downloaded and only then moved into place, so a corrupted
 * store never yields bytes; a crash leaves at most a file in {@code tmp/}. A cached file is handed out only while
 * its fingerprint equals the one recorded at verification ({@link CacheVerification#FINGERPRINT}) or after a fresh
 * hash ({@link CacheVerification#ALWAYS}); a modified blob is re-hashed and, when corrupt, fetched again, and a
 * modified snapshot file is restored from its verified blob. Snapshot files are hard links to the blobs: callers
 * must treat them as read-only (they are made read-only); a write through them is detected and repaired at the next
 * pull or open.
 */
public final class PullCache {
    private static final Logger LOG = LoggerFactory.getLogger(PullCache.class);
    private static final String SNAPSHOT_RECORD = ".files";
    private final Path root;
    private final BlobStore blobs;
    private final CacheVerification verification;
    private final int concurrency;
    private final CachedChunks chunks;
    private static final Duration CHUNKS_KEPT = Duration.ofHours(1);
    private static final long CHUNK_SWEEP_INTERVAL_NANOS = 600_000_000_000L;
    private final AtomicLong lastChunkSweep =
            new AtomicLong(System.nanoTime() - CHUNK_SWEEP_INTERVAL_NANOS - 1);

    /** A cache at {@code root} filled from {@code blobs}, fetching up to {@code concurrency} files at once. */
    public PullCache(Path root, BlobStore blobs, CacheVerification verification, int concurrency) {
        this.root = root;
        this.blobs = blobs;
        this.verification = verification;
        this.concurrency = concurrency;
        this.chunks = new CachedChunks(root, blobs);
    }

    /** Fetches (and verifies) every file not yet cached, {@code concurrency} at a time. */
    private void fetchAll(List<ArtifactFile> files, Fetched fetched, TransferProgress progress) {
        progress.started(files.size(), files.stream().mapToLong(ArtifactFile::size).sum());
        Parallel.forEach(files, concurrency, f -> {
            ByteMeter.metered(n -> progress.bytes(f.path(), n), () -> blob(f, fetched));
            progress.fileDone(f.path(), f.size());
        });
    }

    /** Told of every file whose bytes were read from the store (not found intact in the cache); thread-safe. */
    @FunctionalInterface
    public interface Fetched {
        /** Nothing to tell. */
        Fetched NONE = (file, bytes) -> { };

        /** {@code bytes} of {@code file} were downloaded from the store (all of it, or the chunks a ranged read needed). */
        void fetched(ArtifactFile file, long bytes);
    }

    /** The verified local file of one artifact, downloading it if needed. */
    public Path blob(ArtifactFile file, Fetched fetched) {
        Path target = blobPath(file.sha256());
        try {
            if (Files.isRegularFile(target) && isIntact(target, file.sha256(), file.size())) {
                return target;
            }
            Path tmp = tmpDir().resolve(UUID.randomUUID() + ".part");
            try {
                blobs.downloadVerified(file, tmp);
                fetched.fetched(file, file.size());
                tmp.toFile().setReadOnly();
                Files.createDirectories(target.getParent());
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                recordFingerprint(file.sha256(), target);
                sweepChunks();
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            throw new CacheException(cause, "cannot place '%s' in the pull cache %s: %s", file.path(), root, cause);
        }
    }

    /**
     * Removes chunk files of blobs cached whole, at most every ten minutes, and only those unused for an hour: a
     * reader (here or in another process) may still be reading them.
     */
    private void sweepChunks() {
        long now = System.nanoTime();
        long last = lastChunkSweep.get();
        if (now - last > CHUNK_SWEEP_INTERVAL_NANOS && lastChunkSweep.compareAndSet(last, now)) {
            chunks.sweep(CHUNKS_KEPT);
        }
    }

    /**
     * True when the cached blob still holds its verified bytes: its fingerprint is the recorded one (or, in ALWAYS
     * mode or on a mismatch, its bytes hash to the digest). A corrupt blob is removed.
     */
    private boolean isIntact(Path blob, String sha256, long size) throws IOException {
        Fingerprint now = Fingerprint.of(blob);
        if (now.size() != size) {
            LOG.warn("cached blob {} has {} bytes instead of {}: fetching it again", sha256, now.size(), size);
            discard(blob, sha256);
            return false;
        }
        if (verification == CacheVerification.FINGERPRINT && now.equals(recordedFingerprint(sha256))) {
            return true;
        }
        if (Sha256.ofFile(blob).equals(sha256)) {
            recordFingerprint(sha256, blob);
            return true;
        }
        LOG.warn("cached blob {} was modified after it was verified: fetching it again", sha256);
        discard(blob, sha256);
        return false;
    }

    private void discard(Path blob, String sha256) throws IOException {
        Files.deleteIfExists(blob);
        Files.deleteIfExists(fingerprintPath(sha256));
    }

    private Fingerprint recordedFingerprint(String sha256) {
        try {
            return Fingerprint.parse(Files.readString(fingerprintPath(sha256), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }

    private void recordFingerprint(String sha256, Path blob) throws IOException {
        writeAtomically(fingerprintPath(sha256), Fingerprint.of(blob).line());
    }

    /** A complete, verified snapshot directory of a version (built once, then checked and reused). */
    public Path snapshot(ModelVersion v, Fetched fetched, TransferProgress progress) {
        Path dir = snapshotDir(v);
        try {
            if (Files.isDirectory(dir)) {
                repairSnapshot(dir, v.artifacts().files(), verification == CacheVerification.ALWAYS, fetched);
                return dir;
            }
            fetchAll(v.artifacts().files(), fetched, progress);
            Path building = tmpDir().resolve(UUID.randomUUID() + ".snapshot");
            Files.createDirectories(building);
            for (ArtifactFile f : v.artifacts().files()) {
                place(blob(f, fetched), building.resolve(f.path()), f);
            }
            Files.createDirectories(dir.getParent());
            try {
                Files.move(building, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                // rename(2) onto a complete snapshot another process placed first: ENOTEMPTY/EEXIST; keep theirs
                if (!Files.isDirectory(dir)) {
                    throw e;
                }
                deleteTree(building);
                repairSnapshot(dir, v.artifacts().files(), verification == CacheVerification.ALWAYS, fetched);
                return dir;
            }
            recordSnapshot(dir, v.artifacts().files());
            return dir;
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            throw new CacheException(cause, "cannot build snapshot of %s in the pull cache %s: %s", v.reference(), root,
                    cause);
        }
    }

    private Path snapshotDir(ModelVersion v) {
        return root.resolve("snapshots").resolve(StoreLayout.encode(v.name()))
                .resolve(v.version() + "-" + v.artifacts().digest().substring(0, 16));
    }

    /**
     * Writes the snapshot's record (digest and fingerprint of every file). Linking changed the blobs' change times,
     * so their fingerprints are recorded again: they were verified just before they were linked.
     */
    private void recordSnapshot(Path dir, List<ArtifactFile> files) throws IOException {
        StringBuilder record = new StringBuilder();
        for (ArtifactFile f : files) {
            Path placed = dir.resolve(f.path());
            Path blob = blobPath(f.sha256());
            if (Files.isRegularFile(blob) && Files.isSameFile(placed, blob)) {
                recordFingerprint(f.sha256(), blob);
            }
            record.append(f.sha256()).append(' ').append(Fingerprint.of(placed).line()).append(' ').append(f.path())
                    .append('\n');
        }
        writeAtomically(snapshotRecord(dir), record.toString());
    }

    /**
     * Restores every file of a snapshot that was modified, replaced or removed since it was placed; with
     * {@code rehash} every file is hashed, else only those whose fingerprint changed.
     */
    private int repairSnapshot(Path dir, List<ArtifactFile> files, boolean rehash, Fetched fetched) throws IOException {
        Map<String, Fingerprint> recorded = new HashMap<>();
        for (String line : readLines(snapshotRecord(dir))) {
            String[] p = line.split(" ", 6);
            if (p.length == 6) {
                recorded.put(p[0] + " " + p[5], Fingerprint.parse(String.join(" ", p[1], p[2], p[3], p[4])));
            }
        }
        int repaired = 0;
        boolean changed = recorded.size() != files.size();
        for (ArtifactFile f : files) {
            Path placed = dir.resolve(f.path());
            Fingerprint expected = recorded.get(f.sha256() + " " + f.path());
            Fingerprint now = Files.isRegularFile(placed) ? Fingerprint.of(placed) : null;
            if (now != null && !rehash && now.equals(expected)) {
                continue;
            }
            changed = true;
            if (now != null && now.size() == f.size() && Sha256.ofFile(placed).equals(f.sha256())) {
                continue; // touched, not changed
            }
            LOG.warn("snapshot file {} of {} was modified or removed: restoring it", f.path(), dir.getFileName());
            Path blob = blob(f, fetched); // verified (fetched again when a write through the link hit the blob)
            Path tmp = tmpDir().resolve(UUID.randomUUID() + ".link");
            place(blob, tmp, f);
            Files.createDirectories(placed.getParent());
            Files.move(tmp, placed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            repaired++;
        }
        if (changed) {
            recordSnapshot(dir, files);
        }
        return repaired;
    }

    private static Path snapshotRecord(Path dir) {
        return dir.resolveSibling(dir.getFileName() + SNAPSHOT_RECORD);
    }

    /** Materialises a version's files into {@code directory}, replacing same-named files atomically. */
    public Path materialise(ModelVersion v, Path directory, Fetched fetched, TransferProgress progress) {
        try {
            Files.createDirectories(directory);
            Path real = directory.toRealPath();
            fetchAll(v.artifacts().files(), fetched, progress);
            for (ArtifactFile f : v.artifacts().files()) {
                Path target = real.resolve(f.path()).normalize();
                if (!target.startsWith(real)) {
                    throw new RegistryException("artifact path '%s' would leave %s", f.path(), real);
                }
                Files.createDirectories(target.getParent());
                Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
                try {
                    place(blob(f, fetched), tmp, f);
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return directory;
        } catch (IOException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            throw new RegistryException(cause, "cannot pull %s into %s: %s", v.reference(), directory, cause);
        }
    }

    /**
     * Opens a verified artifact for reading from {@code offset}, at most {@code length} bytes. A file already cached
     * is read from the cache. Otherwise a read of less than half a large file with a chunk index fetches only the
     * chunks it touches (each verified); any other read caches the whole file first.
     */
    public InputStream open(ArtifactFile file, long offset, long length, Fetched fetched) {
        long start = Math.min(offset, file.size());
        long end = length >= file.size() - start ? file.size() : start + length;
        Path cached = blobPath(file.sha256());
        try {
            if (end > start && !Files.isRegularFile(cached) && file.size() >= ChunkIndex.INDEXED_FROM) {
                var index = blobs.chunkIndex(file);
                if (index.isPresent()) {
                    int first = index.get().chunkAt(start);
                    int last = index.get().chunkAt(end - 1);
                    if (2L * (last - first + 1) <= index.get().chunkCount()) {
                        long read = chunks.fetch(file, index.get(), first, last);
                        if (read > 0) {
                            fetched.fetched(file, read);
                        }
                        return chunks.open(file, index.get(), start, end);
                    }
                }
            }
        } catch (IOException e) {
            throw new CacheException(e, "cannot read chunks of '%s' into the pull cache %s: %s", file.path(), root, e);
        }
        for (int attempt = 0; ; attempt++) {
            Path local = blob(file, fetched);
            try {
                FileChannel ch = FileChannel.open(local, StandardOpenOption.READ);
                ch.position(Math.min(offset, file.size()));
                return new BoundedInputStream(Channels.newInputStream(ch), length);
            } catch (IOException e) {
                if (attempt < 2 && e instanceof NoSuchFileException) {
                    continue; // removed meanwhile (found corrupt by another reader): place it again
                }
                throw new CacheException(e, "cannot read '%s' from the pull cache %s: %s", file.path(), root, e);
            }
        }
    }

    /** Whether the file's blob is in the cache (not checked: reading it verifies it). */
    public boolean isCached(ArtifactFile file) {
        return Files.isRegularFile(blobPath(file.sha256()));
    }

    /** Re-hashes every cached blob and every pulled snapshot file, repairing what was modified. */
    public CacheReport verifyAll() {
        long blobsChecked = 0;
        long corrupt = 0;
        long snapshotFiles = 0;
        long repaired = 0;
        long bytes = 0;
        try {
            for (Path blob : children(root.resolve("blobs"))) {
                String sha = blob.getFileName().toString();
                if (sha.length() != 64 || !Files.isRegularFile(blob)) {
                    continue;
                }
                blobsChecked++;
                bytes += Files.size(blob);
                if (Sha256.ofFile(blob).equals(sha)) {
                    recordFingerprint(sha, blob);
                } else {
                    LOG.warn("cached blob {} is corrupt: removed (fetched again on its next use)", sha);
                    discard(blob, sha);
                    corrupt++;
                }
            }
            for (Path model : children(root.resolve("snapshots"))) {
                for (Path record : children(model)) {
                    String name = record.getFileName().toString();
                    if (!name.endsWith(SNAPSHOT_RECORD)) {
                        continue;
                    }
                    Path dir = record.resolveSibling(name.substring(0, name.length() - SNAPSHOT_RECORD.length()));
                    List<ArtifactFile> files = new ArrayList<>();
                    for (String line : readLines(record)) {
                        String[] p = line.split(" ", 6);
                        if (p.length == 6) {
                            files.add(new ArtifactFile(p[5], Long.parseLong(p[1]), p[0], null, null, false));
                        }
                    }
                    snapshotFiles += files.size();
                    bytes += files.stream().mapToLong(ArtifactFile::size).sum();
                    if (Files.isDirectory(dir)) {
                        repaired += repairSnapshot(dir, files, true, Fetched.NONE);
                    }
                }
            }
        } catch (IOException e) {
            throw new RegistryException(e, "cannot verify the pull cache %s: %s", root, e);
        }
        return new CacheReport(blobsChecked, corrupt, snapshotFiles, repaired, bytes);
    }

    private Path blobPath(String sha256) {
        return root.resolve("blobs").resolve(sha256);
    }

    private Path fingerprintPath(String sha256) {
        return root.resolve("fingerprints").resolve(sha256);
    }

    private void writeAtomically(Path target, String text) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = tmpDir().resolve(UUID.randomUUID() + ".txt");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(out::add);
        }
        return out;
    }

    private static void place(Path blob, Path target, ArtifactFile f) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.createLink(target, blob);
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof FileAlreadyExistsException) {
                throw (FileAlreadyExistsException) e;
            }
            LOG.debug("hard link failed ({}); copying {}", e, f.path());
            Files.copy(blob, target, StandardCopyOption.REPLACE_EXISTING);
            if (Files.size(target) != f.size()) {
                throw new IOException("copy of " + f.path() + " is incomplete");
            }
        }
    }

    private Path tmpDir() throws IOException {
        return Files.createDirectories(root.resolve("tmp"));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
