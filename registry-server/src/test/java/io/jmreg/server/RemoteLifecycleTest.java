package io.jmreg.server;

import io.jmreg.api.ModelRegistry;
import io.jmreg.testkit.LifecycleContract;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;

/** The lifecycle contract through a server. */
class RemoteLifecycleTest extends LifecycleContract {
    private final TestServers servers = new TestServers();

    @Override
    protected String storeUri(Path temp) {
        return servers.start(temp).server().uri();
    }

    @Override
    protected ModelRegistry openRegistry(String uri, Path cacheDir) {
        return TestServers.client(uri, TestServers.ADMIN_TOKEN, cacheDir);
    }

    @AfterEach
    void stopServer() throws Exception {
        servers.closeAll();
    }
}
