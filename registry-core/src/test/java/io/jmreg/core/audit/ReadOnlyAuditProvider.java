package io.jmreg.core.audit;

import io.jmreg.api.exceptions.StorageException;
import io.jmreg.spi.ForwardingStorageBackend;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackendProvider;
import io.jmreg.spi.StorageBackends;

import java.util.Map;

/** {@code noaudit:name}: the named {@code mem:} store where every write under {@code audit/} is refused, as by read-only credentials. */
public final class ReadOnlyAuditProvider implements StorageBackendProvider {
    @Override
    public String scheme() {
        return "noaudit";
    }

    @Override
    public StorageBackend open(String uri, Map<String, String> properties) {
        return new ForwardingStorageBackend(StorageBackends.open("mem:" + uri.substring("noaudit:".length()), properties)) {
            @Override
            public boolean putIfAbsent(String key, byte[] data) {
                if (key.startsWith("audit/")) {
                    throw new StorageException("%s: access denied writing '%s' (read-only credentials)", uri, key);
                }
                return delegate.putIfAbsent(key, data);
            }
        };
    }
}
