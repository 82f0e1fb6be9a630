package io.jmreg.storage.s3;

import io.jmreg.testkit.AccessControlContract;

import java.nio.file.Path;

class S3AccessControlTest extends AccessControlContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return S3ProxyServer.shared().freshUri();
    }
}
