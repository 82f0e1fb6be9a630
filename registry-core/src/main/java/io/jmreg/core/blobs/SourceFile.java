package io.jmreg.core.blobs;

import java.nio.file.Path;

/**
 * A local file to register.
 *
 * @param path relative artifact path, '/'-separated
 * @param file the file on disk (symlinks already resolved)
 * @param size size in bytes
 */
public record SourceFile(String path, Path file, long size) {
}
