package io.jmreg.core;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.spi.RegistryFactory;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;

/** The {@link RegistryFactory} of registry-core, found by {@code ModelRegistry.open} through ServiceLoader. */
public final class CoreRegistryFactory implements RegistryFactory {
    @Override
    public ModelRegistry open(RegistryOptions options) {
        StorageBackend backend = StorageBackends.open(options.uri(), options.properties());
        try {
            return new DefaultModelRegistry(backend, options);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }
}
