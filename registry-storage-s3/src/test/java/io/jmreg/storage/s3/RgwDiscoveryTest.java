package io.jmreg.storage.s3;

import io.jmreg.testkit.DiscoveryContract;

import java.nio.file.Path;

class RgwDiscoveryTest extends DiscoveryContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return RgwServer.shared().freshUri();
    }
}
