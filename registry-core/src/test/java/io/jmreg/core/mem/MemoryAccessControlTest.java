package io.jmreg.core.mem;

import io.jmreg.testkit.AccessControlContract;

import java.nio.file.Path;

class MemoryAccessControlTest extends AccessControlContract {
    @Override
    protected String storeUri(Path temp) {
        return "mem:access-" + java.util.UUID.randomUUID();
    }
}
