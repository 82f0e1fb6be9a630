package io.jmreg.spi;

import java.util.Map;

/** Creates backends for one URI scheme; registered for {@link java.util.ServiceLoader}. */
public interface StorageBackendProvider {

    /** The URI scheme handled, e.g. {@code file}, {@code mem}, {@code s3}. */
    String scheme();

    /**
     * Opens a backend for {@code uri} (whose scheme is this provider's); fails fast (missing bucket, unwritable
     * directory) rather than at the first write.
     */
    StorageBackend open(String uri, Map<String, String> properties);
}
