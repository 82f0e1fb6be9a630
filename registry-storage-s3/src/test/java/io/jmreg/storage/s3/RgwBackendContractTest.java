package io.jmreg.storage.s3;

import io.jmreg.testkit.StorageBackendContract;

import java.nio.file.Path;

class RgwBackendContractTest extends StorageBackendContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return RgwServer.shared().freshUri();
    }
}
