package io.jmreg.spi;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;

/** The implementation behind {@link ModelRegistry#open}; provided by registry-core through ServiceLoader. */
public interface RegistryFactory {
    /** Opens a registry. */
    ModelRegistry open(RegistryOptions options);
}
