package io.jmreg.core.mem;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import io.jmreg.testkit.ModelRegistryContract;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

class MemoryRegistryTest extends ModelRegistryContract {
    private final String uri = "mem:test-" + UUID.randomUUID();

    @Override
    protected ModelRegistry openRegistry(Path cacheDir) {
        return ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(cacheDir).build());
    }

    @Override
    protected ModelRegistry openSecondInstance(Path cacheDir) {
        return ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(cacheDir).build());
    }

    @Override
    protected void corruptStoredBlob(String sha256) {
        StorageBackend backend = new MemoryBackendProvider().open(uri, Map.of());
        byte[] data = backend.getBytes(StoreLayout.blobKey(sha256));
        data[data.length / 2] ^= 1;
        backend.putBytes(StoreLayout.blobKey(sha256), data);
    }
}
