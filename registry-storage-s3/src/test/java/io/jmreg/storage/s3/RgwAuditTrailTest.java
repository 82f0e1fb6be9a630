package io.jmreg.storage.s3;

import io.jmreg.testkit.AuditTrailContract;

import java.nio.file.Path;

class RgwAuditTrailTest extends AuditTrailContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return RgwServer.shared().freshUri();
    }
}
