package io.jmreg.storage.s3;

import io.jmreg.testkit.MultiProcessConcurrencyContract;

import java.nio.file.Path;

class S3MultiProcessTest extends MultiProcessConcurrencyContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return S3ProxyServer.shared().freshUri();
    }
}
