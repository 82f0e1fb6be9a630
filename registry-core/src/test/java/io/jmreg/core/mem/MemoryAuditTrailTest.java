package io.jmreg.core.mem;

import io.jmreg.testkit.AuditTrailContract;
import java.nio.file.Path;
import java.util.UUID;

class MemoryAuditTrailTest extends AuditTrailContract {
    @Override
    protected String storeUri(Path temp) {
        return "mem:audit-" + UUID.randomUUID();
    }
}
