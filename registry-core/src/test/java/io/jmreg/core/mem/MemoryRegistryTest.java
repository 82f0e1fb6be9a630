package io.jmreg.core.mem;

import io.jmreg.testkit.ModelRegistryContract;
import java.nio.file.Path;
import java.util.UUID;

class MemoryRegistryTest extends ModelRegistryContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return "mem:test-" + UUID.randomUUID();
    }
}
