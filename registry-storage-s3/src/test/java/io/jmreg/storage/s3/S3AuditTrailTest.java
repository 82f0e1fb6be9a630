package io.jmreg.storage.s3;

import io.jmreg.testkit.AuditTrailContract;

import java.nio.file.Path;

class S3AuditTrailTest extends AuditTrailContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return S3ProxyServer.shared().freshUri();
    }
}
