package io.jmreg.storage.local;

import io.jmreg.testkit.AuditTrailContract;
import java.nio.file.Path;
import java.util.UUID;

class LocalAuditTrailTest extends AuditTrailContract {
    @Override
    protected String storeUri(Path temp) {
        return "file:" + temp.resolve("store-" + UUID.randomUUID());
    }
}
