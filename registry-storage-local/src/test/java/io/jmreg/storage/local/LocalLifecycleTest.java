package io.jmreg.storage.local;

import io.jmreg.testkit.LifecycleContract;

import java.nio.file.Path;

class LocalLifecycleTest extends LifecycleContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return temp.resolve("store").toUri().toString();
    }
}
