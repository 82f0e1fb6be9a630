package io.jmreg.core.artifacts;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Hashes the bytes that pass through it on another thread, so that SHA-256 and the write of a large blob run on
 * two cores at once while the bytes are still read only once. Memory is bounded: at most {@link #CHUNKS} chunks
 * of {@link #CHUNK} bytes are in flight.
 */
final class ParallelDigestInputStream extends FilterInputStream {
    static final int CHUNK = 1 << 20;
    static final int CHUNKS = 6;
    private static final byte[] END = new byte[0];

    private record Chunk(byte[] data, int length) {
    }

    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    private final Future<String> digest;
    private byte[] current;
    private int fill;
    private long count;
    private boolean finished;

    ParallelDigestInputStream(InputStream in, ExecutorService hasher) {
        super(in);
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new byte[CHUNK]);
        }
        digest = hasher.submit(() -> {
            MessageDigest md = Sha256.newDigest();
            while (true) {
                Chunk c = full.take();
                if (c.data() == END) {
                    return Sha256.hex(md);
                }
                md.update(c.data(), 0, c.length());
                free.put(c.data());
            }
        });
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count += n;
            int copied = 0;
            while (copied < n) {
                if (current == null) {
                    current = take(free);
                    fill = 0;
                }
                int m = Math.min(n - copied, CHUNK - fill);
                System.arraycopy(b, off + copied, current, fill, m);
                fill += m;
                copied += m;
                if (fill == CHUNK) {
                    put(new Chunk(current, fill));
                    current = null;
                }
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip would leave bytes unhashed");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Bytes read so far. */
    long count() {
        return count;
    }

    /** Waits for the hasher and returns the hex SHA-256 of everything read (call once, at the end). */
    String sha256() throws IOException {
        finish();
        try {
            return digest.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("hashing failed", e.getCause());
        }
    }

    private void finish() throws IOException {
        if (!finished) {
            finished = true;
            if (current != null && fill > 0) {
                put(new Chunk(current, fill));
            }
            put(new Chunk(END, 0));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            if (!finished) {
                digest.cancel(true);
            }
        }
    }

    private void put(Chunk c) throws IOException {
        try {
            full.put(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        }
    }

    private static byte[] take(BlockingQueue<byte[]> q) throws IOException {
        try {
            return q.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        }
    }
}
