package io.jmreg.core.blobs;

import java.util.function.LongConsumer;

/**
 * Counts the bytes a transfer moves, for its progress: the ingest and the pull cache install a meter on the thread that
 * stores or fetches one file, and the streams that move its bytes (reads of the source file, downloads) add to it.
 * Hashing passes that move nothing are not counted. Without a meter, {@link #add} does nothing.
 */
public final class ByteMeter {
    private static final ThreadLocal<LongConsumer> CURRENT = new ThreadLocal<>();

    private ByteMeter() {
    }

    /** Runs {@code body} with {@code meter} told of the bytes it moves on this thread (and where it hands the meter on). */
    public static <T, E extends Exception> T metered(LongConsumer meter, Body<T, E> body) throws E {
        LongConsumer before = CURRENT.get();
        CURRENT.set(meter);
        try {
            return body.run();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** The meter of this thread, to hand to worker threads (null: none). */
    public static LongConsumer current() {
        return CURRENT.get();
    }

    /** {@code bytes} more were moved on this thread. */
    public static void add(long bytes) {
        LongConsumer m = CURRENT.get();
        if (m != null && bytes > 0) {
            m.accept(bytes);
        }
    }

    /** Work that runs with a meter. */
    @FunctionalInterface
    public interface Body<T, E extends Exception> {
        /** Does the work. */
        T run() throws E;
    }
}
