package io.jmreg.server;

import io.jmreg.api.ModelRegistry;
import io.jmreg.testkit.ModelRegistryContract;
import io.jmreg.testkit.StoreFixtures;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

/** The whole registry contract through a server: one API, embedded or remote ({@link RemoteFixture}). */
class RemoteRegistryTest extends ModelRegistryContract {
    @RegisterExtension
    final RemoteFixture remote = new RemoteFixture();
    private TestServers.Running running;

    @Override
    protected String storeUri(Path temp) {
        running = remote.startServer(temp);
        return running.server().uri();
    }

    @Override
    protected ModelRegistry openRegistry(Path cacheDir) {
        return remote.client(running.server().uri(), cacheDir);
    }

    @Override
    protected void corruptStoredBlob(String sha256) {
        StoreFixtures.corruptBlob(running.storeUri(), sha256);
    }
}
