package io.jmreg.storage.local;

import io.jmreg.testkit.SignedVersionsContract;

import java.nio.file.Path;

class LocalSignedVersionsTest extends SignedVersionsContract {
    @Override
    protected String storeUri(Path temp) {
        return "file:" + temp.resolve("store");
    }
}
