package io.jmreg.storage.s3;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import io.jmreg.testkit.ModelRegistryContract;

import java.nio.file.Path;
import java.util.Map;

class RgwRegistryTest extends ModelRegistryContract {
    private String uri;

    @Override
    protected ModelRegistry openRegistry(Path cacheDir) throws Exception {
        uri = RgwServer.shared().freshUri();
        return ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(cacheDir).build());
    }

    @Override
    protected ModelRegistry openSecondInstance(Path cacheDir) {
        return ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(cacheDir).build());
    }

    @Override
    protected void corruptStoredBlob(String sha256) {
        try (StorageBackend backend = StorageBackends.open(uri, Map.of())) {
            String key = "blobs/sha256/" + sha256.substring(0, 2) + "/" + sha256;
            byte[] data = backend.getBytes(key);
            data[data.length / 2] ^= 1;
            backend.putBytes(key, data);
        }
    }
}
