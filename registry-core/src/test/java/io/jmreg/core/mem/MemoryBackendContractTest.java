package io.jmreg.core.mem;

import io.jmreg.spi.StorageBackend;
import io.jmreg.testkit.StorageBackendContract;

class MemoryBackendContractTest extends StorageBackendContract {
    @Override
    protected StorageBackend createBackend() {
        return new MemoryBackend("mem:");
    }
}
