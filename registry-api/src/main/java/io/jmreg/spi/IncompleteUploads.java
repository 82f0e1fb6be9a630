package io.jmreg.spi;

import java.time.Duration;

/** Optional capability of stores with resumable uploads (S3 multipart): clean up uploads left unfinished. */
public interface IncompleteUploads {

    /** Aborts uploads started more than {@code olderThan} ago; returns how many were aborted. */
    int abortIncompleteUploads(Duration olderThan);
}
