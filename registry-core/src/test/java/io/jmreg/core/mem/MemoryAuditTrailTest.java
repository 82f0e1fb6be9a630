package io.jmreg.core.mem;

import io.jmreg.testkit.AuditTrailContract;

import java.nio.file.Path;

class MemoryAuditTrailTest extends AuditTrailContract {
    @Override
    protected String storeUri(Path temp) {
        return "mem:audit-" + java.util.UUID.randomUUID();
    }
}
