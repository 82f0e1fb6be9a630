package io.jmreg.spi;

import java.nio.file.Path;

/**
 * Optional capability: move whole local files in and out of the store, so that a backend can transfer large
 * objects in parallel parts read from or written to file ranges (S3 multipart upload, ranged GETs) with memory
 * independent of the object size. Found with {@link StorageBackend#capability(Class)}.
 */
public interface FileTransfers {

    /** Uploads {@code file} as the object {@code key}, replacing any previous one; visible only when complete. */
    void putFile(String key, Path file);

    /** Downloads the object {@code key} into {@code target} (created or truncated). */
    void getToFile(String key, Path target);
}
