package io.jmreg.core.mem;

import io.jmreg.testkit.DiscoveryContract;
import java.nio.file.Path;
import java.util.UUID;

class MemoryDiscoveryTest extends DiscoveryContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return "mem:d-" + UUID.randomUUID();
    }
}
