package io.jmreg.storage.s3;

import io.jmreg.testkit.WatchContract;

import java.nio.file.Path;

class S3WatchTest extends WatchContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return S3ProxyServer.shared().freshUri();
    }
}
