package io.jmreg.spi;

import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;

/**
 * Optional capability: write bytes first and choose their key afterwards, so that content-addressed blobs
 * are written in one pass while their digest is computed. Found with {@link StorageBackend#capability(Class)}; without it the
 * registry hashes first and then writes with {@link StorageBackend#put}.
 */
public interface StagedWrites {

    /** Streams {@code data} into a staging area; nothing is visible under any key yet. */
    Staged stage(InputStream data);

    /**
     * Like {@link #stage(InputStream)} from a channel, which lets a backend move the bytes through direct buffers
     * without copying them into the heap. The default adapts the channel to a stream.
     */
    default Staged stage(ReadableByteChannel data) {
        return stage(Channels.newInputStream(data));
    }

    /** Bytes written to the staging area; commit them under a key or close to discard. */
    interface Staged extends AutoCloseable {
        /** Bytes staged. */
        long size();

        /**
         * Makes the staged bytes the object at {@code key} (durably), unless the key exists already.
         *
         * @return true when this call created the object
         */
        boolean commit(String key);

        /** Discards the staged bytes if they were not committed. */
        @Override
        void close();
    }
}
