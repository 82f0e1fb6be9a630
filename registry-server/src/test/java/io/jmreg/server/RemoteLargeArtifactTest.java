package io.jmreg.server;

import io.jmreg.testkit.LargeArtifactContract;
import io.jmreg.testkit.process.ChildStore;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;

/** The large-artifact contract through the remote client: the child with a 64 MiB heap is a client of a server. */
class RemoteLargeArtifactTest extends LargeArtifactContract {
    private final ServedStores stores = new ServedStores();

    @Override
    protected String storeUri(Path temp) {
        return stores.storeUri(temp);
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
