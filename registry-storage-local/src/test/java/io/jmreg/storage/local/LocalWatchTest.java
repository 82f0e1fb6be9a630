package io.jmreg.storage.local;

import io.jmreg.testkit.WatchContract;

import java.nio.file.Path;

class LocalWatchTest extends WatchContract {
    @Override
    protected String storeUri(Path temp) {
        return "file:" + temp.resolve("store");
    }
}
