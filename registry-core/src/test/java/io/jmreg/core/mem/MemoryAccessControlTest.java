package io.jmreg.core.mem;

import io.jmreg.testkit.AccessControlContract;
import java.nio.file.Path;
import java.util.UUID;

class MemoryAccessControlTest extends AccessControlContract {
    @Override
    protected String storeUri(Path temp) {
        return "mem:access-" + UUID.randomUUID();
    }
}
