package io.jmreg.storage.local;

import io.jmreg.testkit.DiscoveryContract;

import java.nio.file.Path;

class LocalDiscoveryTest extends DiscoveryContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return "file:" + temp.resolve("store");
    }
}
