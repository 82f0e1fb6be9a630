package io.jmreg.core.mem;

import io.jmreg.testkit.LifecycleContract;

import java.nio.file.Path;

class MemoryLifecycleTest extends LifecycleContract {
    @Override
    protected String storeUri(Path temp) throws Exception {
        return "mem:";
    }
}
