package io.jmreg.server;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.testkit.AuditTrailContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

/**
 * The audit-trail contract through the remote client: each registry the suite opens (and each child process it
 * starts) is a client of a server on 127.0.0.1 over the suite's store ({@link RemoteFixture}).
 */
class RemoteAuditTrailTest extends AuditTrailContract {
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

    /** The server audits the file downloads of a pull, one {@code open_artifact} entry each (open: see the README). */
    @Override
    protected boolean auditsPullsAsOneEntry() {
        return false;
    }

    /** The server seals the entries of the changes it makes. */
    @Override
    protected boolean sealsInThisProcess() {
        return false;
    }
}
