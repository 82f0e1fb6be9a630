package io.jmreg.storage.local;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Flushes a file being written to disk in the background every {@link #STEP} bytes, overlapping disk writes
 * with the work that produces the bytes (hashing), so that the closing fsync has little left to do.
 */
final class BackgroundFlusher {
    static final long STEP = 32L << 20;
    private static final ExecutorService FLUSHERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jmreg-flush");
        t.setDaemon(true);
        return t;
    });

    private final FileChannel channel;
    private long nextFlushAt = STEP;
    private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);

    BackgroundFlusher(FileChannel channel) {
        this.channel = channel;
    }

    /** Reports the bytes written so far; starts a flush when a step is passed and none is running. */
    void written(long total) {
        if (total >= nextFlushAt && pending.isDone()) {
            nextFlushAt = total + STEP;
            pending = CompletableFuture.runAsync(() -> {
                try {
                    channel.force(false);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, FLUSHERS);
        }
    }

    /** Waits for a running flush; its failure surfaces as an IOException. */
    void await() throws IOException {
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while flushing");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
        }
    }
}
