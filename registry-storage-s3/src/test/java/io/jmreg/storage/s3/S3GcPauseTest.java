package io.jmreg.storage.s3;

import io.jmreg.testkit.GcPauseContract;

import java.nio.file.Path;

class S3GcPauseTest extends GcPauseContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return S3ProxyServer.shared().freshUri();
    }
}
