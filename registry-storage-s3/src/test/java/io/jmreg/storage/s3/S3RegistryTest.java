package io.jmreg.storage.s3;

import io.jmreg.testkit.ModelRegistryContract;

import java.nio.file.Path;

class S3RegistryTest extends ModelRegistryContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return S3ProxyServer.shared().freshUri();
    }
}
