package io.jmreg.spi;

import java.nio.file.Path;

/**
 * Optional capability: make a local file an object without copying its bytes (a hard link on the same file system),
 * for registrations whose caller hands its files over ({@code Registration.consumeArtifacts}). Found with
 * {@link StorageBackend#capability(Class)}. The caller must not change the file afterwards.
 */
public interface FileAdoption {

    /**
     * Makes {@code file} the object {@code key} (durably), unless the key exists already.
     *
     * @return true when the object at {@code key} now holds the file's bytes (adopted, or present before); false when
     *         this backend cannot adopt this file (another file system): the caller writes it instead
     */
    boolean adopt(String key, Path file);
}
