package io.jmreg.api.model;

import io.jmreg.api.Names;
import io.jmreg.api.exceptions.ValidationException;

/**
 * One file of a version's artifacts.
 *
 * @param path      relative path inside the artifact, '/'-separated
 * @param size      size in bytes
 * @param sha256    lower-case hex SHA-256 of the content
 * @param mediaType media type
 * @param format    recognised format (safetensors, gguf, pickle, java-serialization, onnx, ...) or null
 * @param unsafe    true when loading the file may execute code (pickle, Java serialization)
 * @param chunkIndex SHA-256 of the file's chunk index (the digests of its fixed-size chunks, which let a ranged read
 *                  or a parallel download verify only what it fetches), or null (small files, older versions)
 */
public record ArtifactFile(String path, long size, String sha256, String mediaType, String format, boolean unsafe,
                           String chunkIndex) {
    /** A file without a chunk index. */
    public ArtifactFile(String path, long size, String sha256, String mediaType, String format, boolean unsafe) {
        this(path, size, sha256, mediaType, format, unsafe, null);
    }

    /** Validates path, size and digests. */
    public ArtifactFile {
        Names.requireArtifactPath(path);
        if (size < 0) {
            throw new ValidationException("artifact size must not be negative: " + size);
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new ValidationException("artifact sha256 must be 64 lower-case hex characters: " + sha256);
        }
        if (chunkIndex != null && !chunkIndex.matches("[0-9a-f]{64}")) {
            throw new ValidationException("artifact chunk index must be 64 lower-case hex characters: " + chunkIndex);
        }
        if (mediaType == null || mediaType.isBlank()) {
            mediaType = "application/octet-stream";
        }
    }
}
