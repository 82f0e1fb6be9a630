package io.jmreg.storage.local;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.testkit.LifecycleContract;

import java.nio.file.Path;

class LocalLifecycleTest extends LifecycleContract {
    @Override
    protected ModelRegistry openRegistry(Path cacheDir) {
        return ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("store")).cacheDirectory(cacheDir).build());
    }
}
