package io.jmreg.core.blobs;

import io.jmreg.core.ingest.SourceFile;
import io.jmreg.api.exceptions.IntegrityException;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.MissingBlobException;
import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.FileTransfers;
import io.jmreg.spi.StagedWrites;
import io.jmreg.spi.StorageBackend;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Content-addressed artifact bytes. New content is written in one pass that hashes while it writes (where the
 * backend can stage writes); content that is probably stored already is hashed first so that a re-registration
 * of identical bytes writes nothing. Every read is checked against the digest. Blobs a registration relies on are
 * protected from garbage collection by its pin ({@link io.jmreg.core.gc.BlobPins}), not by their age.
 */
public final class BlobStore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BlobStore.class);
    private static final int BUFFER = 1 << 20;
    /** Files at least this large are hashed on a second core while they are written. */
    private static final long PARALLEL_HASH_THRESHOLD = 8L << 20;
    private static final ExecutorService HASHERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jmreg-sha256");
        t.setDaemon(true);
        return t;
    });
    private final StorageBackend backend;

    /**
     * The outcome of storing one file.
     *
     * @param sha256  digest of the bytes stored
     * @param size    bytes
     * @param written false when identical content was already stored
     */
    public record StoredBlob(String sha256, long size, boolean written) {
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
        try {
            Optional<StagedWrites> staging = backend.capability(StagedWrites.class);
            if (!likelyDuplicate && staging.isPresent()) {
                return storeInOnePass(source, staging.get());
            }
            return storeHashFirst(source, backend.capability(FileTransfers.class));
        } catch (StorageException e) {
            throw new StorageException(e, "cannot store artifact '%s': %s", source.path(), e.getMessage());
        } catch (IOException e) {
            throw new InvalidArtifactException(e, "cannot read artifact '%s' (%s): %s", source.path(), source.file(), e);
        }
    }

    private StoredBlob storeInOnePass(SourceFile source, StagedWrites staging) throws IOException {
        if (source.size() >= PARALLEL_HASH_THRESHOLD) {
            long t0 = System.nanoTime();
            try (ParallelDigestChannel in = new ParallelDigestChannel(
                    FileChannel.open(source.file(), StandardOpenOption.READ), HASHERS);
                 StagedWrites.Staged staged = staging.stage(in)) {
                long t1 = System.nanoTime();
                String sha = in.sha256();
                long t2 = System.nanoTime();
                StoredBlob blob = commitStaged(staged, sha, in.count());
                LOG.debug("stored {} ({} bytes): staged in {} ms, hash ready {} ms later, committed in {} ms", source.path(),
                        blob.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
                return blob;
            }
        }
        try (CountingDigestInputStream in = new CountingDigestInputStream(
                new BufferedInputStream(Files.newInputStream(source.file()), BUFFER));
             StagedWrites.Staged staged = staging.stage(in)) {
            return commitStaged(staged, in.sha256(), in.count());
        }
    }

    private StoredBlob commitStaged(StagedWrites.Staged staged, String sha, long count) {
        return new StoredBlob(sha, count, staged.commit(StoreLayout.blobKey(sha)));
    }

    /**
     * Hash locally (fast), skip what the store has, else upload: with the backend's parallel file transfer when it has
     * one, else streamed. The file must not change meanwhile: its size, modification time and (when streamed) a
     * second digest are compared, and a changed file's upload is deleted again.
     */
    private StoredBlob storeHashFirst(SourceFile source, Optional<FileTransfers> transfers) throws IOException {
        FileTime before = Files.getLastModifiedTime(source.file());
        long size = Files.size(source.file());
        String sha = Sha256.ofFile(source.file());
        String key = StoreLayout.blobKey(sha);
        if (exists(sha, size)) {
            return new StoredBlob(sha, size, false);
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
        return new StoredBlob(sha, size, true);
    }

    /** True when the blob is stored with the given size. */
    public boolean exists(String sha256, long size) {
        return backend.stat(StoreLayout.blobKey(sha256)).map(i -> i.size() == size).orElse(false);
    }

    /**
     * Copies a blob to {@code out}, verifying it. The caller must not use the copied bytes when this throws.
     *
     * @param name the artifact path, for messages
     * @throws IntegrityException when the bytes do not hash to {@code sha256}
     */
    public void copyVerified(String name, String sha256, long size, OutputStream out) {
        String key = StoreLayout.blobKey(sha256);
        try (CountingDigestInputStream in = new CountingDigestInputStream(backend.get(key))) {
            in.transferTo(out);
            String actual = in.sha256();
            if (!actual.equals(sha256) || in.count() != size) {
                throw new IntegrityException(name, sha256, actual + (in.count() != size ? " (" + in.count() + " of " + size + " bytes)" : ""));
            }
        } catch (ObjectNotFoundException e) {
            throw new MissingBlobException(name, sha256, key);
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot read blob '%s' of '%s'", backend.uri(), key, name);
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
        }
    }
}
