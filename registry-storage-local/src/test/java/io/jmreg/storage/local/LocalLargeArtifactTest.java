package io.jmreg.storage.local;

import io.jmreg.testkit.LargeArtifactContract;

import java.nio.file.Path;

class LocalLargeArtifactTest extends LargeArtifactContract {
    @Override
    protected String storeUri(Path temp) {
        return "file:" + temp.resolve("store");
    }
}
