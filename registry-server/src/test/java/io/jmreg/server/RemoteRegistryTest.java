package io.jmreg.server;

import io.jmreg.api.ModelRegistry;
import io.jmreg.testkit.ModelRegistryContract;
import io.jmreg.testkit.StoreFixtures;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;

/** The whole registry contract through a server: one API, embedded or remote. */
class RemoteRegistryTest extends ModelRegistryContract {
    private final TestServers servers = new TestServers();
    private TestServers.Running running;

    @Override
    protected String storeUri(Path temp) {
        running = servers.start(temp);
        return running.server().uri();
    }

    @Override
    protected ModelRegistry openRegistry(Path cacheDir) {
        return TestServers.client(running.server().uri(), TestServers.ADMIN_TOKEN, cacheDir);
    }

    @Override
    protected void corruptStoredBlob(String sha256) {
        StoreFixtures.corruptBlob(running.storeUri(), sha256);
    }

    @AfterEach
    void stopServer() throws Exception {
        servers.closeAll();
    }
}
