package io.jmreg.server;

import io.jmreg.api.ModelRegistry;
import io.jmreg.testkit.LifecycleContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

/** The lifecycle contract through a server ({@link RemoteFixture}). */
class RemoteLifecycleTest extends LifecycleContract {
    @RegisterExtension
    final RemoteFixture remote = new RemoteFixture();

    @Override
    protected String storeUri(Path temp) {
        return remote.startServer(temp).server().uri();
    }

    @Override
    protected ModelRegistry openRegistry(String uri, Path cacheDir) {
        return remote.client(uri, cacheDir);
    }
}
