package io.jmreg.core.mem;

import io.jmreg.testkit.SignedVersionsContract;
import java.nio.file.Path;
import java.util.UUID;

class MemorySignedVersionsTest extends SignedVersionsContract {
    @Override
    protected String storeUri(Path temp) {
        return "mem:signed-" + UUID.randomUUID();
    }
}
