package io.jmreg.storage.s3;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.testkit.LifecycleContract;

import java.nio.file.Path;

class S3LifecycleTest extends LifecycleContract {
    @Override
    protected ModelRegistry openRegistry(Path cacheDir) throws Exception {
        return ModelRegistry.open(RegistryOptions.builder(S3ProxyServer.shared().freshUri()).cacheDirectory(cacheDir).build());
    }
}
