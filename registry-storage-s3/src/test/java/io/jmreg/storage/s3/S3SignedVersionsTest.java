package io.jmreg.storage.s3;

import io.jmreg.testkit.SignedVersionsContract;

import java.nio.file.Path;

class S3SignedVersionsTest extends SignedVersionsContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return S3ProxyServer.shared().freshUri();
    }
}
