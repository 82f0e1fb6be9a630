package io.jmreg.testkit;

import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;

import java.util.Map;

/** What the suites do behind the registry's back, written once for every backend. */
public final class StoreFixtures {
    private StoreFixtures() {
    }

    /** The storage key of the blob with this SHA-256 (the store layout every backend shares). */
    public static String blobKey(String sha256) {
        return "blobs/sha256/" + sha256.substring(0, 2) + "/" + sha256;
    }

    /** Flips one byte in the middle of the stored blob with this SHA-256, size unchanged. */
    public static void corruptBlob(String storeUri, String sha256) {
        try (StorageBackend backend = StorageBackends.open(storeUri, Map.of())) {
            byte[] data = backend.getBytes(blobKey(sha256));
            data[data.length / 2] ^= 1;
            backend.putBytes(blobKey(sha256), data);
        }
    }
}
