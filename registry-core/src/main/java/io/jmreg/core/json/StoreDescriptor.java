package io.jmreg.core.json;

import io.jmreg.api.exceptions.StorageException;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.core.store.StoreUris;
import io.jmreg.spi.StorageBackend;

import java.time.Instant;

/**
 * The {@code registry.json} document that marks a store and its format version; created once, create-only.
 *
 * @param schema  store format version
 * @param created when the store was first opened
 * @param library the library that created it
 */
public record StoreDescriptor(int schema, Instant created, String library) {
    public static final int SCHEMA = 1;

    /** Creates the descriptor on first use, or checks that this library can read the store. */
    public static StoreDescriptor ensure(StorageBackend backend) {
        StoreDescriptor mine = new StoreDescriptor(SCHEMA, Instant.now(), "jmreg");
        if (backend.putIfAbsent(StoreLayout.DESCRIPTOR, Json.write(mine))) {
            return mine;
        }
        StoreDescriptor found = Json.read(Json.bytes(backend, StoreLayout.DESCRIPTOR), StoreDescriptor.class,
                StoreUris.redacted(backend.uri()) + "/" + StoreLayout.DESCRIPTOR);
        if (found.schema() > SCHEMA) {
            throw new StorageException("store %s has format %d; this library reads formats up to %d: upgrade it",
                    StoreUris.redacted(backend.uri()), found.schema(), SCHEMA);
        }
        return found;
    }
}
