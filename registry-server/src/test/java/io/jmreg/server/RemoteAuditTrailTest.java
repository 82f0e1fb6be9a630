package io.jmreg.server;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.testkit.AuditTrailContract;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;

/**
 * The audit-trail contract through the remote client: each registry the suite opens (and each child process it
 * starts) is a client of a server on 127.0.0.1 over the suite's store ({@link ServedStores}).
 */
class RemoteAuditTrailTest extends AuditTrailContract {
    private final ServedStores stores = new ServedStores();

    @Override
    protected String storeUri(Path temp) {
        return stores.storeUri(temp);
    }

    @Override
    protected ModelRegistry openRegistry(RegistryOptions options) {
        return stores.open(options);
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

    @AfterEach
    void stopServers() throws Exception {
        stores.close();
    }
}
