package io.jmreg.storage.local;

import io.jmreg.spi.StorageBackend;
import io.jmreg.testkit.StorageBackendContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class LocalBackendContractTest extends StorageBackendContract {
    @TempDir
    Path dir;

    @Override
    protected StorageBackend createBackend() {
        return new LocalBackend(dir.toUri().toString(), dir.resolve("store"));
    }
}
