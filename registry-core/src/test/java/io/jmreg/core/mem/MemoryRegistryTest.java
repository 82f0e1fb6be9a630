package io.jmreg.core.mem;

import io.jmreg.testkit.ModelRegistryContract;

import java.nio.file.Path;

class MemoryRegistryTest extends ModelRegistryContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return "mem:test-" + java.util.UUID.randomUUID();
    }
}
