package io.jmreg.interop;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * A response body written from the client's buffers into a file at a position and hashed on the way, by a thread of
 * its own: the client's thread only hands the buffers over (a bounded queue), so receiving, hashing and writing run
 * on different cores. The result is the file position reached. A body longer than announced is an error; what
 * arrived intact before a failure stays in the file for a resume.
 */
final class FileSink implements HttpResponse.BodySubscriber<Long> {
    private static final int QUEUED = 64;
    private static final List<ByteBuffer> END = List.of();
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private final BlockingQueue<List<ByteBuffer>> queue = new ArrayBlockingQueue<>(QUEUED);
    private final AtomicBoolean ended = new AtomicBoolean();
    private final FileChannel channel;
    private final MessageDigest digest;
    private final long limit;
    private final LongConsumer fetched;
    private final ByteBuffer pending = ByteBuffer.allocateDirect(1 << 20);
    private volatile Throwable bodyFailure; // the body broke off: what arrived before is still written
    private volatile Throwable writeFailure; // hashing or writing failed: nothing more is written
    private volatile Flow.Subscription subscription;
    private long position;
    private long received;

    /** Writes from {@code start} (the file is cut there), at most up to {@code limit} (-1: no limit). */
    FileSink(Path file, long start, MessageDigest digest, long limit, LongConsumer fetched) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        this.channel.truncate(start);
        this.position = start;
        this.received = start;
        this.digest = digest;
        this.limit = limit;
        this.fetched = fetched;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        Thread writer = new Thread(this::drain, "jmreg-download-writer");
        writer.setDaemon(true);
        writer.start();
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        try {
            if (writeFailure != null) {
                throw new IOException("writing the download failed", writeFailure);
            }
            for (ByteBuffer b : items) {
                received += b.remaining();
                fetched.accept(b.remaining());
            }
            if (limit >= 0 && received > limit) {
                throw new IOException("more bytes than the announced " + limit);
            }
            queue.put(items);
            subscription.request(1);
        } catch (IOException | RuntimeException e) {
            subscription.cancel();
            end(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            subscription.cancel();
            end(e);
        }
    }

    @Override
    public void onError(Throwable t) {
        end(t);
    }

    @Override
    public void onComplete() {
        end(null);
    }

    /** Tells the writer that no more buffers come ({@code t}: why, or null for a complete body). */
    private void end(Throwable t) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        if (t != null) {
            bodyFailure = t;
        }
        boolean put = false;
        while (!put) {
            try {
                queue.put(END);
                put = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the writer must still hear the end; keep the interrupt
            }
        }
    }

    /** The writer thread: hashes and writes buffers in order until the end, then settles the result. */
    private void drain() {
        try {
            while (true) {
                List<ByteBuffer> items = queue.take();
                if (items == END) {
                    break;
                }
                if (writeFailure != null) {
                    continue; // a write failed: only drain until the end
                }
                try {
                    for (ByteBuffer b : items) {
                        digest.update(b.duplicate());
                        while (b.hasRemaining()) { // gathered into large writes: the client hands over small buffers
                            int take = Math.min(b.remaining(), pending.remaining());
                            pending.put(b.slice(b.position(), take));
                            b.position(b.position() + take);
                            if (!pending.hasRemaining()) {
                                flush();
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    writeFailure = e;
                }
            }
            // no fsync here: the registry syncs the file when it adopts it, and a part torn by a crash fails the
            // digest check at the end of its resume (then it is deleted and the next run starts over)
            flush();
            channel.close();
        } catch (IOException e) {
            if (writeFailure == null) {
                writeFailure = e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writeFailure = writeFailure == null ? e : writeFailure;
        } finally {
            try {
                channel.close();
            } catch (IOException ignored) {
                // settled below
            }
        }
        Throwable failure = writeFailure != null ? writeFailure : bodyFailure;
        if (failure != null) {
            result.completeExceptionally(failure);
        } else {
            result.complete(position);
        }
    }

    private void flush() throws IOException {
        pending.flip();
        while (pending.hasRemaining()) {
            position += channel.write(pending, position);
        }
        pending.clear();
    }

    /**
     * Waits until the writer has stopped, ending the body first if the client has not (its request failed before the
     * body ended): the part file then holds exactly the bytes written, and a resume can read it.
     */
    void settle() {
        Flow.Subscription s = subscription;
        if (s != null && !ended.get()) {
            s.cancel();
        }
        end(new IOException("the request ended before its body"));
        if (s == null) {
            return; // never subscribed: no writer was started
        }
        try {
            result.handle((n, t) -> null).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e); // handle() does not fail
        }
    }

    @Override
    public CompletionStage<Long> getBody() {
        return result;
    }
}
