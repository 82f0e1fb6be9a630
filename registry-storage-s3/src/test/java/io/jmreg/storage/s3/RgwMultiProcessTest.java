package io.jmreg.storage.s3;

import io.jmreg.testkit.MultiProcessConcurrencyContract;

import java.nio.file.Path;

class RgwMultiProcessTest extends MultiProcessConcurrencyContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return RgwServer.shared().freshUri();
    }
}
