package io.jmreg.storage.s3;

import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import io.jmreg.testkit.StorageBackendContract;

import java.util.Map;

class RgwBackendContractTest extends StorageBackendContract {
    @Override
    protected StorageBackend createBackend() throws Exception {
        return StorageBackends.open(RgwServer.shared().freshUri(), Map.of());
    }
}
