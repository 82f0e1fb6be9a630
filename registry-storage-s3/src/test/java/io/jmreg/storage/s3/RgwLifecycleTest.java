package io.jmreg.storage.s3;

import io.jmreg.testkit.LifecycleContract;

import java.nio.file.Path;

class RgwLifecycleTest extends LifecycleContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return RgwServer.shared().freshUri();
    }
}
