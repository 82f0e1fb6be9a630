package io.jmreg.api.model;

/**
 * How the artifacts are stored (SPEC 3 storage).
 *
 * @param totalSize   bytes of all artifact files
 * @param compression compression applied by the store, or {@code none}
 * @param encryption  encryption applied by the store, or {@code none}
 */
public record StorageInfo(long totalSize, String compression, String encryption) {
    /** Defaults the descriptions to {@code none}. */
    public StorageInfo {
        compression = compression == null ? "none" : compression;
        encryption = encryption == null ? "none" : encryption;
    }
}
