package io.jmreg.core.blobs;

import io.jmreg.api.exceptions.IntegrityException;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.MissingBlobException;
import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.core.store.StoreUris;
import io.jmreg.spi.FileAdoption;
import io.jmreg.spi.FileStaging;
import io.jmreg.spi.FileTransfers;
import io.jmreg.spi.StagedWrites;
import io.jmreg.spi.StorageBackend;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content-addressed artifact bytes. New content is written in one pass that hashes while it writes (where the
 * backend can stage writes); content that is probably stored already is hashed first so that a re-registration
 * of identical bytes writes nothing. Every read is checked against the digest. Blobs a registration relies on are
 * protected from garbage collection by its pin ({@link io.jmreg.core.gc.BlobPins}), not by their age.
 */
public final class BlobStore {
    private static final Logger LOG = LoggerFactory.getLogger(BlobStore.class);
    private static final int BUFFER = 1 << 20;
    /** Files at least this large are hashed on a second core while they are written. */
    private static final long PARALLEL_HASH_THRESHOLD = 8L << 20;
    /** Chunks fetched by one ranged read of a parallel download. */
    private static final int CHUNKS_PER_READ = 4;
    /** Ranged reads of one parallel download in flight at once. */
    private static final int PARALLEL_READS = 8;
    private static final ExecutorService HASHERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jmreg-sha256");
        t.setDaemon(true);
        return t;
    });
    private final StorageBackend backend;

    /**
     * The outcome of storing one file.
     *
     * @param sha256     digest of the bytes stored
     * @param size       bytes
     * @param written    false when identical content was already stored
     * @param chunkIndex digest of the blob's {@link ChunkIndex} (itself stored as a blob), or null for small files
     */
    public record StoredBlob(String sha256, long size, boolean written, String chunkIndex) {
    }

    /** Blobs of {@code backend}. */
    public BlobStore(StorageBackend backend) {
        this.backend = backend;
    }

    /**
     * Stores a file.
     *
     * @param likelyDuplicate hint that the content may be stored already (same size as a known file)
     */
    public StoredBlob store(SourceFile source, boolean likelyDuplicate) {
        return store(source, likelyDuplicate, false);
    }

    /**
     * Stores a file; with {@code consume} the file may become the blob itself (a hard link, no copy) where the backend
     * can adopt files ({@link FileAdoption}): the caller hands it over and must not change it afterwards.
     */
    public StoredBlob store(SourceFile source, boolean likelyDuplicate, boolean consume) {
        return store(source, likelyDuplicate, consume, null, sha -> null);
    }

    /**
     * Stores a file as {@link #store(SourceFile, boolean, boolean)} does. A consumed file whose SHA-256 the caller
     * computed as it wrote it ({@code knownSha256}, null: unknown) is not hashed again where the backend adopts it
     * (only its chunk digests are computed). {@code knownChunkIndex} names the chunk index already recorded for a
     * content digest (null when none is known): a likely duplicate on a backend that stages writes is then hashed once
     * (its whole-file digest only); when the content is stored and its chunk index known and present, nothing else is
     * read; when it is not stored after all, the one-pass write computes both digests.
     */
    public StoredBlob store(SourceFile source, boolean likelyDuplicate, boolean consume, String knownSha256,
                            Function<String, String> knownChunkIndex) {
        try {
            Optional<FileAdoption> adoption = consume ? backend.capability(FileAdoption.class) : Optional.empty();
            if (adoption.isPresent()) {
                StoredBlob adopted = adopt(source, adoption.get(), knownSha256);
                if (adopted != null) {
                    return adopted;
                }
            }
            Optional<StagedWrites> staging = backend.capability(StagedWrites.class);
            if (!likelyDuplicate && staging.isPresent()) {
                return storeInOnePass(source, staging.get());
            }
            if (staging.isPresent() && source.size() >= ChunkIndex.INDEXED_FROM) {
                StoredBlob known = storeKnownOrStage(source, staging.get(), knownChunkIndex);
                if (known != null) {
                    return known;
                }
            }
            return storeHashFirst(source, backend.capability(FileTransfers.class));
        } catch (StorageException e) {
            throw new StorageException(e, "cannot store artifact '%s': %s", source.path(), e.getMessage());
        } catch (IOException e) {
            throw new InvalidArtifactException(e, "cannot read artifact '%s' (%s): %s", source.path(), source.file(), e);
        }
    }

    private StoredBlob storeInOnePass(SourceFile source, StagedWrites staging) throws IOException {
        Optional<FileStaging> files = source.size() >= PARALLEL_HASH_THRESHOLD
                ? backend.capability(FileStaging.class) : Optional.empty();
        if (files.isPresent()) {
            return storeByCopy(source, files.get());
        }
        if (source.size() >= PARALLEL_HASH_THRESHOLD) {
            long t0 = System.nanoTime();
            try (ParallelDigestChannel in = new ParallelDigestChannel(
                    FileChannel.open(source.file(), StandardOpenOption.READ), HASHERS);
                 StagedWrites.Staged staged = staging.stage(in)) {
                long t1 = System.nanoTime();
                String sha = in.sha256();
                String index = storeChunkIndex(sha, in.count(), in.chunkDigests());
                long t2 = System.nanoTime();
                StoredBlob blob = new StoredBlob(sha, in.count(), staged.commit(StoreLayout.blobKey(sha)), index);
                LOG.debug("stored {} ({} bytes): staged in {} ms, hash ready {} ms later, committed in {} ms", source.path(),
                        blob.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
                return blob;
            }
        }
        try (CountingDigestInputStream in = new CountingDigestInputStream(
                new BufferedInputStream(Files.newInputStream(source.file()), BUFFER));
             StagedWrites.Staged staged = staging.stage(in)) {
            String sha = in.sha256();
            return new StoredBlob(sha, in.count(), staged.commit(StoreLayout.blobKey(sha)), null);
        }
    }

    /**
     * A large file on a backend that stages files: copied in the kernel into the staged file while two threads hash the
     * copy (whole file and chunks), the copy's fsync overlapping the end of the hashing ({@link StagedCopy}); then its
     * chunk index is stored and the copy linked into place. A source that changed during the copy is refused (the
     * digests are the copy's, so what was stored matches them, but it may not be what the caller meant to register).
     */
    private StoredBlob storeByCopy(SourceFile source, FileStaging staging) throws IOException {
        FileTime before = Files.getLastModifiedTime(source.file());
        long size = Files.size(source.file());
        try (FileStaging.StagedFile staged = staging.newStagedFile()) {
            long t0 = System.nanoTime();
            StagedCopy.Copied copy;
            try {
                copy = StagedCopy.copy(source.file(), staged.path(), HASHERS);
            } catch (StagedCopy.CopyFailed e) {
                throw new StorageException(e.getCause(), "%s: cannot copy it into the store: %s",
                        StoreUris.redacted(backend.uri()), e.getMessage());
            }
            if (copy.copied() != size || !Files.getLastModifiedTime(source.file()).equals(before)
                    || Files.size(source.file()) != size) {
                throw new InvalidArtifactException("artifact '%s' changed while it was being registered", source.path());
            }
            long t1 = System.nanoTime();
            String sha = copy.hashed().sha256();
            String index = storeChunkIndex(sha, size, copy.hashed().chunks());
            StoredBlob blob = new StoredBlob(sha, size, staged.commit(StoreLayout.blobKey(sha)), index);
            LOG.debug("stored {} ({} bytes): copied, hashed and synced in {} ms, committed in {} ms", source.path(), size,
                    (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
            return blob;
        }
    }

    /**
     * A likely duplicate hashed whole first: found stored with its known chunk index present, it is reused after one
     * read (no chunk digests computed); not stored, it is written in one pass that computes both digests. Null when
     * the content is stored but its chunk index is not known (the caller hashes it with its chunks).
     */
    private StoredBlob storeKnownOrStage(SourceFile source, StagedWrites staging,
                                         Function<String, String> knownChunkIndex) throws IOException {
        FileTime before = Files.getLastModifiedTime(source.file());
        long size = Files.size(source.file());
        String sha = Sha256.ofFile(source.file());
        if (!Files.getLastModifiedTime(source.file()).equals(before) || Files.size(source.file()) != size) {
            throw new InvalidArtifactException("artifact '%s' changed while it was being registered", source.path());
        }
        if (!exists(sha, size)) {
            return storeInOnePass(source, staging); // digests of what is written, whatever the first pass saw
        }
        String index = knownChunkIndex.apply(sha);
        if (index != null && backend.stat(StoreLayout.blobKey(index)).isPresent()) {
            return new StoredBlob(sha, size, false, index);
        }
        return null;
    }

    /** The file's SHA-256, and its chunk digests when it is large enough for a chunk index (two cores). */
    private static Sha256.Hashed hash(Path file, long size) throws IOException {
        return size >= ChunkIndex.INDEXED_FROM ? Sha256.ofFileWithChunks(file, HASHERS)
                : new Sha256.Hashed(Sha256.ofFile(file), List.of());
    }

    /**
     * Hashes the file (on two cores; only its chunk digests when its SHA-256 is known) and links it into the store;
     * null when the backend cannot adopt it.
     */
    private StoredBlob adopt(SourceFile source, FileAdoption adoption, String knownSha256) throws IOException {
        FileTime before = Files.getLastModifiedTime(source.file());
        long size = Files.size(source.file());
        Sha256.Hashed hashed = knownSha256 == null ? hash(source.file(), size)
                : new Sha256.Hashed(knownSha256, size >= ChunkIndex.INDEXED_FROM
                        ? Sha256.chunksOfFile(source.file(), HASHERS) : List.of());
        if (!Files.getLastModifiedTime(source.file()).equals(before) || Files.size(source.file()) != size) {
            throw new InvalidArtifactException("artifact '%s' changed while it was being registered", source.path());
        }
        String index = storeChunkIndex(hashed.sha256(), size, hashed.chunks());
        if (exists(hashed.sha256(), size)) {
            return new StoredBlob(hashed.sha256(), size, false, index);
        }
        if (!adoption.adopt(StoreLayout.blobKey(hashed.sha256()), source.file())) {
            return null;
        }
        return new StoredBlob(hashed.sha256(), size, true, index);
    }

    /**
     * Stores the chunk index of a blob (files of at least {@link ChunkIndex#INDEXED_FROM} bytes) and returns its
     * digest, or null for a smaller file. Written before the blob's own commit, so a blob never lacks its index.
     */
    private String storeChunkIndex(String sha, long size, List<byte[]> chunks) {
        if (size < ChunkIndex.INDEXED_FROM) {
            return null;
        }
        byte[] index = ChunkIndex.encode(ChunkIndex.CHUNK_SIZE, size, sha, chunks);
        String digest = Sha256.of(index);
        backend.putIfAbsent(StoreLayout.blobKey(digest), index);
        return digest;
    }

    /**
     * Hash locally (fast), skip what the store has, else upload: with the backend's parallel file transfer when it has
     * one, else streamed. The file must not change meanwhile: its size, modification time and (when streamed) a
     * second digest are compared, and a changed file's upload is deleted again.
     */
    private StoredBlob storeHashFirst(SourceFile source, Optional<FileTransfers> transfers) throws IOException {
        FileTime before = Files.getLastModifiedTime(source.file());
        long size = Files.size(source.file());
        Sha256.Hashed hashed = hash(source.file(), size);
        String sha = hashed.sha256();
        String index = storeChunkIndex(sha, size, hashed.chunks());
        String key = StoreLayout.blobKey(sha);
        if (exists(sha, size)) {
            return new StoredBlob(sha, size, false, index);
        }
        boolean unchanged;
        if (transfers.isPresent()) {
            transfers.get().putFile(key, source.file());
            unchanged = true;
        } else {
            try (CountingDigestInputStream in = new CountingDigestInputStream(
                    new BufferedInputStream(Files.newInputStream(source.file()), BUFFER))) {
                backend.put(key, in, size);
                unchanged = in.sha256().equals(sha) && in.count() == size;
            }
        }
        if (!unchanged || !Files.getLastModifiedTime(source.file()).equals(before) || Files.size(source.file()) != size) {
            backend.delete(key);
            throw new InvalidArtifactException("artifact '%s' changed while it was being registered", source.path());
        }
        return new StoredBlob(sha, size, true, index);
    }

    /** True when the blob is stored with the given size. */
    public boolean exists(String sha256, long size) {
        return backend.stat(StoreLayout.blobKey(sha256)).map(i -> i.size() == size).orElse(false);
    }

    /** True when the file's blob and (if it has one) its chunk index are stored. */
    public boolean exists(ArtifactFile file) {
        return exists(file.sha256(), file.size())
                && (file.chunkIndex() == null || backend.stat(StoreLayout.blobKey(file.chunkIndex())).isPresent());
    }

    /**
     * Copies a blob to {@code out}, verifying it. The caller must not use the copied bytes when this throws.
     *
     * @param name the artifact path, for messages
     * @throws IntegrityException when the bytes do not hash to {@code sha256}
     * @throws java.io.UncheckedIOException when writing to {@code out} fails (the destination's failure, not the store's)
     */
    public void copyVerified(String name, String sha256, long size, OutputStream out) {
        String key = StoreLayout.blobKey(sha256);
        try (CountingDigestInputStream in = new CountingDigestInputStream(backend.get(key))) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) { // the destination failed (a full disk, a closed connection), not the store
                    throw new UncheckedIOException(e);
                }
            }
            String actual = in.sha256();
            if (!actual.equals(sha256) || in.count() != size) {
                throw new IntegrityException(name, sha256, actual + (in.count() != size ? " (" + in.count() + " of " + size + " bytes)" : ""));
            }
        } catch (ObjectNotFoundException e) {
            throw new MissingBlobException(name, sha256, key);
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot read blob '%s' of '%s'", StoreUris.redacted(backend.uri()), key, name);
        }
    }

    /**
     * The verified chunk index of a file, or empty when it has none or the index cannot be used (missing or not
     * matching its recorded digest: logged, and the caller falls back to whole-file verification).
     */
    public Optional<ChunkIndex> chunkIndex(ArtifactFile file) {
        if (file.chunkIndex() == null) {
            return Optional.empty();
        }
        Optional<byte[]> stored = backend.getBytesIfExists(StoreLayout.blobKey(file.chunkIndex()));
        if (stored.isEmpty()) {
            LOG.warn("chunk index {} of '{}' is missing: verifying the whole file instead", file.chunkIndex(), file.path());
            return Optional.empty();
        }
        if (!Sha256.of(stored.get()).equals(file.chunkIndex())) {
            LOG.warn("chunk index {} of '{}' is corrupt: verifying the whole file instead", file.chunkIndex(), file.path());
            return Optional.empty();
        }
        try {
            return Optional.of(ChunkIndex.parse(stored.get(), file.sha256(), file.size()));
        } catch (IllegalArgumentException e) {
            LOG.warn("chunk index {} of '{}' is unusable ({}): verifying the whole file instead", file.chunkIndex(),
                    file.path(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Reads chunks {@code first..last} of a file from the store in one ranged read, verifying each against the index;
     * each verified chunk is handed to {@code sink} with its number and length.
     *
     * @throws IntegrityException when a chunk does not match its digest (nothing of it reaches {@code sink})
     */
    public void readChunks(ArtifactFile file, ChunkIndex index, int first, int last, ChunkSink sink) throws IOException {
        String key = StoreLayout.blobKey(file.sha256());
        long from = index.offset(first);
        long length = index.offset(last) + index.length(last) - from;
        byte[] buffer = new byte[index.chunkSize()];
        var md = Sha256.newDigest();
        try (InputStream in = backend.get(key, from, length)) {
            for (int i = first; i <= last; i++) {
                int n;
                try {
                    n = Slices.readFully(in, buffer, 0, index.length(i));
                } catch (IOException e) { // the store's stream broke; a failure of the sink is the caller's (local)
                    throw new StorageException(e, "%s: cannot read blob '%s' of '%s': %s", StoreUris.redacted(backend.uri()), key,
                            file.path(), e.getMessage());
                }
                md.update(buffer, 0, n);
                byte[] digest = md.digest();
                if (n != index.length(i) || !index.matches(i, digest)) {
                    throw new IntegrityException(file.path(), file.sha256(), HexFormat.of().formatHex(digest)
                            + " in chunk " + i + " (bytes " + index.offset(i) + "-" + (index.offset(i) + n - 1)
                            + (n != index.length(i) ? ", " + n + " of " + index.length(i) + " bytes" : "")
                            + "), whose recorded digest differs");
                }
                sink.accept(i, buffer, n);
            }
        } catch (ObjectNotFoundException e) {
            throw new MissingBlobException(file.path(), file.sha256(), key);
        }
    }

    /** Receives verified chunks; the buffer is reused after the call returns. */
    @FunctionalInterface
    public interface ChunkSink {
        /** Chunk {@code chunk}: the first {@code length} bytes of {@code data}. */
        void accept(int chunk, byte[] data, int length) throws IOException;
    }

    /**
     * Downloads a file's blob into {@code target} and verifies it; on a mismatch the file is deleted and
     * {@link IntegrityException} thrown. A large file with a chunk index is fetched as parallel ranged reads, each
     * chunk verified as it arrives, so no second pass over the file is needed.
     */
    public void downloadVerified(ArtifactFile file, Path target) throws IOException {
        Optional<ChunkIndex> index = file.size() >= ChunkIndex.INDEXED_FROM ? chunkIndex(file) : Optional.empty();
        if (index.isPresent()) {
            downloadByChunks(file, index.get(), target);
            return;
        }
        downloadVerified(file.path(), file.sha256(), file.size(), target);
    }

    private void downloadByChunks(ArtifactFile file, ChunkIndex index, Path target) throws IOException {
        List<int[]> parts = new ArrayList<>();
        for (int c = 0; c < index.chunkCount(); c += CHUNKS_PER_READ) {
            parts.add(new int[] {c, Math.min(c + CHUNKS_PER_READ, index.chunkCount()) - 1});
        }
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            LongConsumer meter = ByteMeter.current(); // the reads run on other threads
            try {
                Parallel.forEach(parts, PARALLEL_READS, part -> readChunks(file, index, part[0], part[1], (i, data, n) -> {
                    Slices.write(out, data, 0, n, index.offset(i));
                    if (meter != null) {
                        meter.accept(n);
                    }
                }));
            } catch (UncheckedIOException e) {
                throw e.getCause(); // writing the target failed (the store's failures are StorageExceptions)
            }
            out.force(true);
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(target);
            throw e;
        }
    }

    /**
     * Downloads a blob into {@code target} and verifies it; on a mismatch the file is deleted and
     * {@link IntegrityException} thrown.
     */
    public void downloadVerified(String name, String sha256, long size, Path target) throws IOException {
        Optional<FileTransfers> files = backend.capability(FileTransfers.class);
        if (size >= PARALLEL_HASH_THRESHOLD && files.isPresent()) {
            FileTransfers transfers = files.get();
            // large: parallel ranged reads into the file, then one hashing pass; small ones take one GET hashed inline
            try {
                transfers.getToFile(StoreLayout.blobKey(sha256), target);
            } catch (ObjectNotFoundException e) {
                throw new MissingBlobException(name, sha256, StoreLayout.blobKey(sha256));
            }
            String actual = Sha256.ofFile(target);
            long actualSize = Files.size(target);
            if (!actual.equals(sha256) || actualSize != size) {
                Files.deleteIfExists(target);
                throw new IntegrityException(name, sha256, actual + (actualSize != size ? " (" + actualSize + " of " + size + " bytes)" : ""));
            }
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            return;
        }
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE); OutputStream out = Channels.newOutputStream(ch)) {
            copyVerified(name, sha256, size, out);
            ch.force(true);
        } catch (IntegrityException e) {
            Files.deleteIfExists(target);
            throw e;
        } catch (UncheckedIOException e) {
            Files.deleteIfExists(target);
            throw e.getCause(); // writing the target failed
        }
    }
}
