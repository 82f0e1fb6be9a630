package io.jmreg.core.blobs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;

/**
 * A channel over a source file that hashes what is read from it on other threads, so that SHA-256 and the write
 * of a large blob run on several cores at once while the bytes are read only once: one thread computes the whole
 * file's digest, another the digests of its {@link ChunkIndex} chunks. The writer reads into its own (direct)
 * buffer; a copy of each read goes to both hashers. Memory is bounded: at most {@link #CHUNKS} chunks of
 * {@link #CHUNK} bytes are in flight.
 */
final class ParallelDigestChannel implements ReadableByteChannel {
    static final int CHUNK = 1 << 20;
    static final int CHUNKS = 6;
    private static final byte[] END = new byte[0];

    /** A copy of read bytes, returned to the free list when both hashers are done with it. */
    private record Chunk(byte[] data, int length, AtomicInteger pending) {
    }

    private final ReadableByteChannel source;
    private final BlockingQueue<Chunk> forWhole = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final BlockingQueue<Chunk> forChunks = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    private final Future<String> digest;
    private final Future<List<byte[]>> chunkDigests;
    private byte[] current;
    private int fill;
    private long count;
    private boolean finished;

    ParallelDigestChannel(ReadableByteChannel source, ExecutorService hasher) {
        this.source = source;
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new byte[CHUNK]);
        }
        digest = hasher.submit(() -> {
            MessageDigest md = Sha256.newDigest();
            while (true) {
                Chunk c = forWhole.take();
                if (c.data() == END) {
                    return Sha256.hex(md);
                }
                md.update(c.data(), 0, c.length());
                release(c);
            }
        });
        chunkDigests = hasher.submit(() -> {
            ChunkHasher chunks = new ChunkHasher();
            while (true) {
                Chunk c = forChunks.take();
                if (c.data() == END) {
                    return chunks.finish();
                }
                chunks.update(c.data(), 0, c.length());
                release(c);
            }
        });
    }

    private void release(Chunk c) throws InterruptedException {
        if (c.pending().decrementAndGet() == 0) {
            free.put(c.data());
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        int n = source.read(dst);
        if (n > 0) {
            count += n;
            ByteMeter.add(n);
            ByteBuffer view = dst.duplicate();
            view.position(start).limit(start + n);
            while (view.hasRemaining()) {
                if (current == null) {
                    current = take();
                    fill = 0;
                }
                int m = Math.min(view.remaining(), CHUNK - fill);
                view.get(current, fill, m);
                fill += m;
                if (fill == CHUNK) {
                    put(new Chunk(current, fill, new AtomicInteger(2)));
                    current = null;
                }
            }
        }
        return n;
    }

    /** Bytes read so far. */
    long count() {
        return count;
    }

    /** Waits for the hasher and returns the hex SHA-256 of everything read (call at the end). */
    String sha256() throws IOException {
        finish();
        return Hashers.await(digest);
    }

    /** Waits for the chunk hasher and returns the digests of every chunk read (call at the end). */
    List<byte[]> chunkDigests() throws IOException {
        finish();
        return Hashers.await(chunkDigests);
    }

    private void finish() throws IOException {
        if (!finished) {
            finished = true;
            if (current != null && fill > 0) {
                put(new Chunk(current, fill, new AtomicInteger(2)));
            }
            put(new Chunk(END, 0, new AtomicInteger(2)));
        }
    }

    @Override
    public boolean isOpen() {
        return source.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            source.close();
        } finally {
            if (!finished) {
                digest.cancel(true);
                chunkDigests.cancel(true);
            }
        }
    }

    private void put(Chunk c) throws IOException {
        try {
            forWhole.put(c);
            forChunks.put(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        }
    }

    private byte[] take() throws IOException {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        }
    }
}
