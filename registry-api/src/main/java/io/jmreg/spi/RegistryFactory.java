package io.jmreg.spi;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import java.util.Set;

/**
 * An implementation behind {@link ModelRegistry#open}, found with ServiceLoader: registry-core for stores, the remote
 * client for {@code http://} and {@code https://} servers.
 */
public interface RegistryFactory {
    /** Opens a registry. */
    ModelRegistry open(RegistryOptions options);

    /**
     * The URI schemes this factory opens ({@code http}, {@code https} for the remote client). Empty (the default):
     * every scheme no other factory claims; registry-core is that factory, and finds a storage backend by the scheme.
     */
    default Set<String> schemes() {
        return Set.of();
    }
}
