package io.jmreg.storage.local;

import io.jmreg.testkit.AccessControlContract;

import java.nio.file.Path;

class LocalAccessControlTest extends AccessControlContract {
    @Override
    protected String storeUri(Path temp) {
        return "file:" + temp.resolve("store");
    }
}
