package io.jmreg.spi;

import java.time.Instant;

/**
 * What a backend knows of one stored object.
 *
 * @param key          the key
 * @param size         bytes
 * @param lastModified when it was written (or touched)
 */
public record ObjectInfo(String key, long size, Instant lastModified) {
}
