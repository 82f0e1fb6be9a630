package io.jmreg.storage.local;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.testkit.ModelRegistryContract;

import java.nio.file.Files;
import java.nio.file.Path;

class LocalRegistryTest extends ModelRegistryContract {
    private Path store() {
        return temp.resolve("store");
    }

    @Override
    protected ModelRegistry openRegistry(Path cacheDir) {
        return ModelRegistry.open(RegistryOptions.builder("file:" + store()).cacheDirectory(cacheDir).build());
    }

    @Override
    protected ModelRegistry openSecondInstance(Path cacheDir) {
        return ModelRegistry.open(RegistryOptions.builder(store().toUri().toString()).cacheDirectory(cacheDir).build());
    }

    @Override
    protected void corruptStoredBlob(String sha256) throws Exception {
        Path blob = store().resolve("blobs/sha256").resolve(sha256.substring(0, 2)).resolve(sha256);
        byte[] data = Files.readAllBytes(blob);
        data[data.length / 2] ^= 1;
        Files.write(blob, data);
    }
}
