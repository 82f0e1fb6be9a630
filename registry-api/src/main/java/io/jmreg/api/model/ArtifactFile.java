package io.jmreg.api.model;

import io.jmreg.api.Names;

/**
 * One file of a version's artifacts.
 *
 * @param path      relative path inside the artifact, '/'-separated
 * @param size      size in bytes
 * @param sha256    lower-case hex SHA-256 of the content
 * @param mediaType media type
 * @param format    recognised format (safetensors, gguf, pickle, java-serialization, onnx, ...) or null
 * @param unsafe    true when loading the file may execute code (pickle, Java serialization)
 */
public record ArtifactFile(String path, long size, String sha256, String mediaType, String format, boolean unsafe) {
    /** Validates path, size and digest. */
    public ArtifactFile {
        Names.requireArtifactPath(path);
        if (size < 0) {
            throw new io.jmreg.api.exceptions.ValidationException("artifact size must not be negative: " + size);
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new io.jmreg.api.exceptions.ValidationException("artifact sha256 must be 64 lower-case hex characters: " + sha256);
        }
        if (mediaType == null || mediaType.isBlank()) {
            mediaType = "application/octet-stream";
        }
    }
}
