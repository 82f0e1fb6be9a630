package io.jmreg.core.mem;

import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackendProvider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Provider of {@code mem:} stores. {@code mem:} alone opens a fresh private store; {@code mem:name} opens the
 * store of that name, shared by every registry opened on it within this JVM.
 */
public final class MemoryBackendProvider implements StorageBackendProvider {
    private static final Map<String, MemoryBackend> NAMED = new ConcurrentHashMap<>();

    @Override
    public String scheme() {
        return "mem";
    }

    @Override
    public StorageBackend open(String uri, Map<String, String> properties) {
        String name = uri.substring(uri.indexOf(':') + 1);
        if (name == null || name.isEmpty()) {
            return new MemoryBackend("mem:");
        }
        return NAMED.computeIfAbsent(name, n -> new MemoryBackend("mem:" + n));
    }
}
