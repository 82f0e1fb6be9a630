package io.jmreg.core.cache;

import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.core.blobs.BlobStore;
import io.jmreg.core.blobs.ChunkIndex;
import io.jmreg.core.blobs.Parallel;
import io.jmreg.core.blobs.Slices;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verified chunks of large blobs that were read in part ({@code chunks/<sha256>/<n>} in the pull cache), so that a
 * ranged read of a cold file fetches only the chunks it touches. Each chunk is verified against the file's
 * {@link ChunkIndex} when it is fetched and again whenever it is read, so a modified chunk file never yields bytes.
 * Chunk files are never deleted while a reader (in this or another process sharing the cache) may use them: once the
 * whole blob is cached they are left for a {@link #sweep} after an hour, and a reader that finds a chunk file gone or
 * changed reads the chunk from the whole blob or fetches it again.
 */
final class CachedChunks {
    private static final Logger LOG = LoggerFactory.getLogger(CachedChunks.class);
    /** Touched chunks fetched by one ranged read of the store. */
    private static final int CHUNKS_PER_READ = 4;
    private static final int PARALLEL_READS = 4;
    private final Path root;
    private final BlobStore blobs;

    CachedChunks(Path root, BlobStore blobs) {
        this.root = root;
        this.blobs = blobs;
    }

    /**
     * Makes chunks {@code first..last} of the file present and verified, fetching those missing.
     *
     * @return bytes read from the store
     */
    long fetch(ArtifactFile file, ChunkIndex index, int first, int last) throws IOException {
        List<int[]> runs = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            if (present(file, index, i)) {
                continue;
            }
            int[] run = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (run != null && run[1] == i - 1 && run[1] - run[0] + 1 < CHUNKS_PER_READ) {
                run[1] = i;
            } else {
                runs.add(new int[] {i, i});
            }
        }
        AtomicLong fetched = new AtomicLong();
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        try {
            Parallel.forEach(runs, PARALLEL_READS, run -> blobs.readChunks(file, index, run[0], run[1], (i, data, n) -> {
                place(file, i, data, n, tmp);
                fetched.addAndGet(n);
            }));
        } catch (UncheckedIOException e) {
            throw e.getCause(); // writing into the cache failed (reading the store throws StorageException)
        }
        return fetched.get();
    }

    /** Writes one verified chunk and moves it into place atomically (recreating the directory if swept meanwhile). */
    private void place(ArtifactFile file, int i, byte[] data, int n, Path tmp) throws IOException {
        Path part = tmp.resolve(UUID.randomUUID() + ".chunk");
        try {
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                Slices.write(out, data, 0, n, 0);
            }
            for (int attempt = 0; ; attempt++) {
                try {
                    Files.move(part, Files.createDirectories(dir(file)).resolve(Integer.toString(i)),
                            StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    return;
                } catch (NoSuchFileException e) {
                    if (attempt >= 2) {
                        throw e;
                    }
                }
            }
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private boolean present(ArtifactFile file, ChunkIndex index, int i) {
        byte[] data = readChunkFile(file, i);
        return data != null && data.length == index.length(i) && index.matches(i, data, 0, data.length);
    }

    /** The bytes of a cached chunk file, or null when it is not there (never fetched, or removed by a sweep). */
    private byte[] readChunkFile(ArtifactFile file, int i) {
        try {
            Path chunk = dir(file).resolve(Integer.toString(i));
            return Slices.read(chunk, 0, (int) Math.min(Files.size(chunk), Integer.MAX_VALUE - 8));
        } catch (IOException e) {
            return null;
        }
    }

    /** The bytes {@code [offset, end)} of the file, from its cached chunks (fetched before), each verified when read. */
    InputStream open(ArtifactFile file, ChunkIndex index, long offset, long end) {
        return new InputStream() {
            private long position = offset;
            private byte[] chunk;
            private int chunkNo = -1;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position >= end) {
                    return -1;
                }
                int i = index.chunkAt(position);
                if (i != chunkNo) {
                    chunk = load(i);
                    chunkNo = i;
                }
                int within = (int) (position - index.offset(i));
                int n = (int) Math.min(Math.min(len, chunk.length - within), end - position);
                System.arraycopy(chunk, within, b, off, n);
                position += n;
                return n;
            }

            private byte[] load(int i) {
                return chunk(file, index, i);
            }
        };
    }

    /**
     * Chunk {@code i}, verified: from its chunk file; when that is gone (swept, or removed by another process) or
     * modified, from the whole cached blob; else fetched from the store again. Never fails for a missing file.
     */
    byte[] chunk(ArtifactFile file, ChunkIndex index, int i) {
        byte[] data = readChunkFile(file, i);
        if (data != null && data.length == index.length(i) && index.matches(i, data, 0, data.length)) {
            return data;
        }
        data = fromWholeBlob(file, index, i);
        if (data != null) {
            return data;
        }
        byte[][] fetched = new byte[1][];
        try {
            blobs.readChunks(file, index, i, i, (c, bytes, n) -> fetched[0] = Arrays.copyOf(bytes, n));
        } catch (IOException e) {
            throw new StorageException(e, "cannot read chunk %d of '%s' from the store: %s", i, file.path(), e);
        }
        return fetched[0];
    }

    private byte[] fromWholeBlob(ArtifactFile file, ChunkIndex index, int i) {
        Path blob = root.resolve("blobs").resolve(file.sha256());
        try {
            byte[] bytes = Slices.read(blob, index.offset(i), index.length(i));
            return bytes.length == index.length(i) && index.matches(i, bytes, 0, bytes.length) ? bytes : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Removes the chunk directories of blobs that are now cached whole, once unused for {@code age}: never at once,
     * since a reader in this or another process may still be reading them (a reader that finds a chunk gone reads
     * the whole blob instead, so a late removal costs nothing but that).
     */
    void sweep(Duration age) {
        Path chunks = root.resolve("chunks");
        Instant cutoff = Instant.now().minus(age);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(chunks)) {
            for (Path dir : dirs) {
                try {
                    if (Files.isRegularFile(root.resolve("blobs").resolve(dir.getFileName().toString()))
                            && Files.getLastModifiedTime(dir).toInstant().isBefore(cutoff)) {
                        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                            for (Path f : files) {
                                Files.deleteIfExists(f);
                            }
                        }
                        Files.deleteIfExists(dir);
                    }
                } catch (IOException e) {
                    LOG.debug("chunk directory {} not swept: {}", dir.getFileName(), e.toString());
                }
            }
        } catch (IOException e) {
            LOG.debug("chunks of {} not swept: {}", root, e.toString());
        }
    }

    private Path dir(ArtifactFile file) {
        return root.resolve("chunks").resolve(file.sha256());
    }
}
