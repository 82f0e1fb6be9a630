package io.jmreg.core.blobs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Copies a local file into a staged file in the kernel ({@link FileChannel#transferTo}: no byte passes through the
 * JVM) a segment at a time, while two threads hash what has been copied so far, read back from the page cache: one
 * the whole file's SHA-256, the other its {@link ChunkIndex} chunk digests. The digests are therefore those of the
 * bytes stored, whatever happens to the source. The copy's fsync starts as soon as the copy ends and runs while the
 * hashing finishes.
 */
final class StagedCopy {
    /** Bytes copied per kernel call; the hashers follow one segment behind at most. */
    static final int SEGMENT = 8 << 20;
    private static final int READ = 1 << 20;

    /**
     * The outcome.
     *
     * @param copied bytes copied (the source's size when it was opened, fewer if it shrank meanwhile)
     * @param hashed the digests of the copy
     */
    record Copied(long copied, Sha256.Hashed hashed) {
    }

    /** The copy into the staged file failed (a full disk, an I/O error): the store's failure more than the source's. */
    static final class CopyFailed extends IOException {
        private static final long serialVersionUID = 1L;

        CopyFailed(IOException cause) {
            super(cause.toString(), cause);
        }
    }

    private StagedCopy() {
    }

    /** Copies {@code source} into the empty file {@code target}, hashing the copy on two threads of {@code pool}. */
    static Copied copy(Path source, Path target, ExecutorService pool) throws IOException {
        Watermark mark = new Watermark();
        Future<String> whole = pool.submit(() -> {
            MessageDigest md = Sha256.newDigest();
            follow(target, mark, md::update);
            return Sha256.hex(md);
        });
        Future<List<byte[]>> chunks = pool.submit(() -> {
            ChunkHasher hasher = new ChunkHasher();
            follow(target, mark, hasher::update);
            return hasher.finish();
        });
        long copied = 0;
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
            long size = in.size();
            try {
                while (copied < size) {
                    long n = in.transferTo(copied, Math.min(SEGMENT, size - copied), out);
                    if (n <= 0) {
                        break; // the source shrank: the caller sees fewer bytes than it expected
                    }
                    copied += n;
                    ByteMeter.add(n);
                    mark.advance(copied);
                }
                mark.end();
                out.force(true); // while the hashers finish; the commit syncs again (then with nothing left to write)
            } catch (IOException e) {
                throw new CopyFailed(e);
            }
            return new Copied(copied, new Sha256.Hashed(Hashers.await(whole), Hashers.await(chunks)));
        } catch (IOException | RuntimeException e) {
            mark.fail();
            drain(whole);
            drain(chunks);
            throw e;
        }
    }

    /** Reads {@code target} as far as it has been copied, until the copy ends, handing each buffer to {@code sink}. */
    private static void follow(Path target, Watermark mark, Consumer<ByteBuffer> sink) throws IOException,
            InterruptedException {
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(READ);
            long position = 0;
            for (long available; (available = mark.await(position)) > position; ) {
                while (position < available) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), available - position));
                    int n = ch.read(buffer, position);
                    if (n <= 0) {
                        throw new IOException(target + " ended at byte " + position + " of " + available + " copied");
                    }
                    position += n;
                    buffer.flip();
                    sink.accept(buffer);
                }
            }
        }
    }

    /** Waits for a hasher told to stop, so that none reads the file after the caller deletes it. */
    private static void drain(Future<?> hasher) {
        boolean interrupted = false;
        while (true) {
            try {
                hasher.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break; // it stopped: the copy's own failure is the one reported
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** How far the copy has come, for the hashers that follow it. */
    private static final class Watermark {
        private long copied;
        private boolean ended;
        private boolean failed;

        synchronized void advance(long to) {
            copied = to;
            notifyAll();
        }

        synchronized void end() {
            ended = true;
            notifyAll();
        }

        synchronized void fail() {
            failed = true;
            notifyAll();
        }

        /** Waits until more than {@code position} bytes are copied or the copy ended; returns the bytes copied. */
        synchronized long await(long position) throws InterruptedException, IOException {
            while (copied <= position && !ended && !failed) {
                wait();
            }
            if (failed) {
                throw new IOException("the copy failed");
            }
            return copied;
        }
    }
}
