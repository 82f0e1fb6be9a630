package io.jmreg.storage.s3;

import io.jmreg.testkit.DiscoveryContract;

import java.nio.file.Path;

class S3DiscoveryTest extends DiscoveryContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return S3ProxyServer.shared().freshUri();
    }
}
