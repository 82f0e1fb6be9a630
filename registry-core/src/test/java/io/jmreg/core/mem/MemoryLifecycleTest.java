package io.jmreg.core.mem;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.testkit.LifecycleContract;

import java.nio.file.Path;

class MemoryLifecycleTest extends LifecycleContract {
    @Override
    protected ModelRegistry openRegistry(Path cacheDir) {
        return ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(cacheDir).build());
    }
}
