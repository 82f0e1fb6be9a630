package io.jmreg.storage.local;

import io.jmreg.testkit.ModelRegistryContract;

import java.nio.file.Path;

class LocalRegistryTest extends ModelRegistryContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return "file:" + temp.resolve("store");
    }
}
