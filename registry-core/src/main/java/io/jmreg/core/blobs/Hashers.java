package io.jmreg.core.blobs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for the hashing tasks that run beside a copy ({@link StagedCopy}) or a read ({@link ParallelDigestChannel}). */
final class Hashers {
    private Hashers() {
    }

    /** The result of a hashing task; its IOException as it was, another failure as an IOException. */
    static <T> T await(Future<T> result) throws IOException {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("hashing failed", e.getCause());
        }
    }
}
