package io.jmreg.storage.local;

import io.jmreg.testkit.StorageBackendContract;

import java.nio.file.Path;

class LocalBackendContractTest extends StorageBackendContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return "file:" + temp.resolve("store");
    }
}
