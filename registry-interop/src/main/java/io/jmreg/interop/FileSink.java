package io.jmreg.interop;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;

/**
 * A response body written straight from the client's buffers into a file at a position and hashed on the way (no
 * stream, no extra copy); its result is the file position reached. A body longer than announced is an error.
 */
final class FileSink implements HttpResponse.BodySubscriber<Long> {
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private final FileChannel channel;
    private final MessageDigest digest;
    private final long limit;
    private final LongConsumer fetched;
    private final ByteBuffer pending = ByteBuffer.allocateDirect(1 << 20);
    private Flow.Subscription subscription;
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
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        try {
            for (ByteBuffer b : items) {
                int n = b.remaining();
                digest.update(b.duplicate());
                while (b.hasRemaining()) { // gathered into large writes: the client hands over small buffers
                    int take = Math.min(b.remaining(), pending.remaining());
                    ByteBuffer slice = b.slice(b.position(), take);
                    pending.put(slice);
                    b.position(b.position() + take);
                    if (!pending.hasRemaining()) {
                        flush();
                    }
                }
                received += n;
                fetched.accept(n);
            }
            if (limit >= 0 && received > limit) {
                throw new IOException("more bytes than the announced " + limit);
            }
            subscription.request(1);
        } catch (IOException | RuntimeException e) {
            subscription.cancel();
            fail(e);
        }
    }

    @Override
    public void onError(Throwable t) {
        fail(t);
    }

    private void flush() throws IOException {
        pending.flip();
        while (pending.hasRemaining()) {
            position += channel.write(pending, position);
        }
        pending.clear();
    }

    @Override
    public void onComplete() {
        try {
            flush();
            channel.force(false);
            channel.close();
            result.complete(position);
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(Throwable t) {
        try {
            flush(); // what arrived intact is kept for a resume
            channel.close();
        } catch (IOException ignored) {
            // failing anyway
        }
        result.completeExceptionally(t);
    }

    @Override
    public CompletionStage<Long> getBody() {
        return result;
    }
}
