package io.jmreg.spi;

import java.nio.file.Path;

/**
 * Optional capability: an empty private file on the store's own file system that the caller fills (for example by an
 * in-kernel copy of a local file) and may read back while it fills it, and that then becomes an object without a
 * further copy. Found with {@link StorageBackend#capability(Class)}; nothing is visible under any key before
 * {@link StagedFile#commit(String)}.
 */
public interface FileStaging {

    /** A new, empty staged file. */
    StagedFile newStagedFile();

    /** A private file being filled: commit it under a key, or close it to discard it. */
    interface StagedFile extends AutoCloseable {
        /** The file to fill; only its owner writes it, and not after {@link #commit}. */
        Path path();

        /**
         * Makes the file's bytes the object at {@code key} durably (its bytes synced before the name appears), unless
         * the key exists already.
         *
         * @return true when this call created the object
         */
        boolean commit(String key);

        /** Discards the file if it was not committed. */
        @Override
        void close();
    }
}
