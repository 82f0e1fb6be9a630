package io.jmreg.storage.s3;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.testkit.LifecycleContract;

import java.nio.file.Path;

class RgwLifecycleTest extends LifecycleContract {
    @Override
    protected ModelRegistry openRegistry(Path cacheDir) throws Exception {
        return ModelRegistry.open(RegistryOptions.builder(RgwServer.shared().freshUri()).cacheDirectory(cacheDir).build());
    }
}
