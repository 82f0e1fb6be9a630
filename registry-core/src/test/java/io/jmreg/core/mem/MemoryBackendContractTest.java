package io.jmreg.core.mem;

import io.jmreg.testkit.StorageBackendContract;

import java.nio.file.Path;

class MemoryBackendContractTest extends StorageBackendContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return "mem:";
    }
}
