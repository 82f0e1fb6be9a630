package io.jmreg.core.blobs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** The JDK's SHA-256, hex-encoded. */
public final class Sha256 {
    private Sha256() {
    }

    /** A fresh digest. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Lower-case hex of a digest's result. */
    public static String hex(MessageDigest md) {
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 of {@code bytes}. */
    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /** SHA-256 of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static String of(byte[] bytes, int offset, int length) {
        MessageDigest md = newDigest();
        md.update(bytes, offset, length);
        return hex(md);
    }

    /**
     * The whole-file SHA-256 and the {@link ChunkIndex} chunk digests of a file, computed on two threads at once (the
     * chunk digests on {@code pool}) so that the second digest costs no wall time on a machine with two cores.
     */
    static Hashed ofFileWithChunks(Path file, ExecutorService pool) throws IOException {
        Future<List<byte[]>> chunks = pool.submit(() -> {
            ChunkHasher hasher = new ChunkHasher();
            readFile(file, hasher::update);
            return hasher.finish();
        });
        String whole;
        try {
            whole = ofFile(file);
        } catch (IOException | RuntimeException e) {
            chunks.cancel(true);
            throw e;
        }
        try {
            return new Hashed(whole, chunks.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing " + file);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("hashing " + file + " failed", e.getCause());
        }
    }

    /**
     * The {@link ChunkIndex} chunk digests of a file, the two halves (split at a chunk boundary) hashed at once, one
     * on {@code pool}: for a file whose whole-file digest is known already.
     */
    static List<byte[]> chunksOfFile(Path file, ExecutorService pool) throws IOException {
        long size = Files.size(file);
        long chunks = (size + ChunkIndex.CHUNK_SIZE - 1) / ChunkIndex.CHUNK_SIZE;
        long split = (chunks / 2) * ChunkIndex.CHUNK_SIZE;
        Future<List<byte[]>> second = pool.submit(() -> chunksOfRange(file, split, size));
        List<byte[]> first;
        try {
            first = chunksOfRange(file, 0, split);
        } catch (IOException | RuntimeException e) {
            second.cancel(true);
            throw e;
        }
        try {
            List<byte[]> all = new ArrayList<>(first);
            all.addAll(second.get());
            return all;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing " + file);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("hashing " + file + " failed", e.getCause());
        }
    }

    private static List<byte[]> chunksOfRange(Path file, long from, long to) throws IOException {
        ChunkHasher hasher = new ChunkHasher();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            long position = from;
            while (position < to) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), to - position));
                int n = ch.read(buffer, position);
                if (n < 0) {
                    throw new IOException(file + " ended at byte " + position + " of " + to);
                }
                position += n;
                buffer.flip();
                hasher.update(buffer);
            }
        }
        return hasher.finish();
    }

    /** A whole-file digest (hex) and the file's chunk digests. */
    record Hashed(String sha256, List<byte[]> chunks) {
    }

    /** SHA-256 of a whole file, read once (a small file with a buffer of its size, a large one 1 MiB at a time). */
    public static String ofFile(Path file) throws IOException {
        MessageDigest md = newDigest();
        readFile(file, md::update);
        return hex(md);
    }

    private static void readFile(Path file, Consumer<ByteBuffer> sink) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer buffer = size < (1 << 20) ? ByteBuffer.allocate((int) Math.max(size, 1) + 1)
                    : ByteBuffer.allocateDirect(1 << 20);
            while (ch.read(buffer) >= 0) {
                buffer.flip();
                sink.accept(buffer);
                buffer.clear();
            }
        }
    }
}
