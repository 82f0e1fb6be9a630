package io.jmreg.storage.local;

import io.jmreg.testkit.AuditTrailContract;

import java.nio.file.Path;

class LocalAuditTrailTest extends AuditTrailContract {
    @Override
    protected String storeUri(Path temp) {
        return "file:" + temp.resolve("store-" + java.util.UUID.randomUUID());
    }
}
