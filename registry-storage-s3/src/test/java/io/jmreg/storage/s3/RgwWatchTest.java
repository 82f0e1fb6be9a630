package io.jmreg.storage.s3;

import io.jmreg.testkit.WatchContract;

import java.nio.file.Path;

class RgwWatchTest extends WatchContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return RgwServer.shared().freshUri();
    }
}
