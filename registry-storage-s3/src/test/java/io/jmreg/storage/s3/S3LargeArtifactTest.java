package io.jmreg.storage.s3;

import io.jmreg.testkit.LargeArtifactContract;

import java.nio.file.Path;

class S3LargeArtifactTest extends LargeArtifactContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return S3ProxyServer.shared().freshUri();
    }
}
