package io.jmreg.server;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.testkit.AccessControlContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

/**
 * The access-control contract through the remote client: each registry the suite opens (and each child process it
 * starts) is a client of a server on 127.0.0.1 over the suite's store ({@link RemoteFixture}).
 */
class RemoteAccessControlTest extends AccessControlContract {
    @RegisterExtension
    final RemoteFixture remote = new RemoteFixture();

    @Override
    protected String storeUri(Path temp) {
        return remote.storeUri(temp);
    }

    @Override
    protected ModelRegistry openRegistry(RegistryOptions options) {
        return remote.open(options);
    }
}
