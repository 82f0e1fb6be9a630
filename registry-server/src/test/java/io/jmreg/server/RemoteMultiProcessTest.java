package io.jmreg.server;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.testkit.MultiProcessConcurrencyContract;
import io.jmreg.testkit.process.ChildStore;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;

/**
 * The multi-process contract through the remote client: each registry the suite opens (and each child process it
 * starts) is a client of a server on 127.0.0.1 over the suite's store ({@link ServedStores}).
 */
class RemoteMultiProcessTest extends MultiProcessConcurrencyContract {
    private final ServedStores stores = new ServedStores();

    @Override
    protected String storeUri(Path temp) {
        return stores.storeUri(temp);
    }

    @Override
    protected ModelRegistry openRegistry(RegistryOptions options) {
        return stores.open(options);
    }

    @Override
    protected ChildStore childStore(String store) {
        return stores.child(store);
    }

    @AfterEach
    void stopServers() throws Exception {
        stores.close();
    }
}
