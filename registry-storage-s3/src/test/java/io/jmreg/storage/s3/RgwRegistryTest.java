package io.jmreg.storage.s3;

import io.jmreg.testkit.ModelRegistryContract;

import java.nio.file.Path;

class RgwRegistryTest extends ModelRegistryContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return RgwServer.shared().freshUri();
    }
}
