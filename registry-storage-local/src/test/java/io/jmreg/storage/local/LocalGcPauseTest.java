package io.jmreg.storage.local;

import io.jmreg.testkit.GcPauseContract;

import java.nio.file.Path;

class LocalGcPauseTest extends GcPauseContract {
    @Override
    protected String storeUri(Path temp) {
        return "file:" + temp.resolve("store");
    }
}
