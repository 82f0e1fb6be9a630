package io.jmreg.remote;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.spi.RegistryFactory;

import java.util.Set;

/** Opens {@code http://} and {@code https://} URIs as {@link RemoteModelRegistry registries on a server}. */
public final class RemoteRegistryFactory implements RegistryFactory {
    @Override
    public ModelRegistry open(RegistryOptions options) {
        return RemoteModelRegistry.open(options);
    }

    @Override
    public Set<String> schemes() {
        return Set.of("http", "https");
    }
}
