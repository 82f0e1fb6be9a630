package io.jmreg.core.cache;

import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.core.blobs.BlobStore;
import io.jmreg.core.blobs.ChunkIndex;
import io.jmreg.core.blobs.Parallel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Verified chunks of large blobs that were read in part ({@code chunks/<sha256>/<n>} in the pull cache), so that a
 * ranged read of a cold file fetches only the chunks it touches. Each chunk is verified against the file's
 * {@link ChunkIndex} when it is fetched and again whenever it is read, so a modified chunk file never yields bytes.
 */
final class CachedChunks {
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
        Path dir = Files.createDirectories(dir(file));
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Parallel.forEach(runs, PARALLEL_READS, run -> blobs.readChunks(file, index, run[0], run[1], (i, data, n) -> {
            Path part = tmp.resolve(UUID.randomUUID() + ".chunk");
            try {
                try (var out = Files.newOutputStream(part)) {
                    out.write(data, 0, n);
                }
                Files.move(part, dir.resolve(Integer.toString(i)), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part);
            }
            fetched.addAndGet(n);
        }));
        return fetched.get();
    }

    private boolean present(ArtifactFile file, ChunkIndex index, int i) throws IOException {
        Path chunk = dir(file).resolve(Integer.toString(i));
        if (!Files.isRegularFile(chunk) || Files.size(chunk) != index.length(i)) {
            return false;
        }
        byte[] data = Files.readAllBytes(chunk);
        return index.matches(i, data, 0, data.length);
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

            private byte[] load(int i) throws IOException {
                byte[] data = Files.readAllBytes(dir(file).resolve(Integer.toString(i)));
                if (!index.matches(i, data, 0, data.length) || data.length != index.length(i)) {
                    throw new IOException(new RegistryException("cached chunk %d of '%s' was modified after it was "
                            + "verified; read it again", i, file.path()));
                }
                return data;
            }
        };
    }

    /** Drops the cached chunks of a blob (once the whole blob is cached). */
    void discard(String sha256) throws IOException {
        Path dir = root.resolve("chunks").resolve(sha256);
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private Path dir(ArtifactFile file) {
        return root.resolve("chunks").resolve(file.sha256());
    }
}
