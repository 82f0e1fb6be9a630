package io.jmreg.server;

import io.jmreg.testkit.LargeArtifactContract;
import io.jmreg.testkit.process.ChildStore;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

/** The large-artifact contract through the remote client: the child with a 64 MiB heap is a client of a server. */
class RemoteLargeArtifactTest extends LargeArtifactContract {
    @RegisterExtension
    final RemoteFixture remote = new RemoteFixture();

    @Override
    protected String storeUri(Path temp) {
        return remote.storeUri(temp);
    }

    @Override
    protected ChildStore childStore(String store) {
        return remote.child(store);
    }
}
