package io.jmreg.benchmarks;

import io.jmreg.spi.ForwardingStorageBackend;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackendProvider;
import io.jmreg.spi.StorageBackends;

import java.util.Map;
import java.util.Optional;

/**
 * {@code noaudit+file:/path}: the wrapped backend with every write under {@code audit/} acknowledged and dropped, so
 * that a benchmark measures the registry's write path without the audit trail's durable write (the baseline the
 * audit trail's cost is reported against). Never for real use: such a store has no audit trail.
 */
public class NoAuditBackendProvider implements StorageBackendProvider {
    @Override
    public String scheme() {
        return "noaudit+file";
    }

    @Override
    public StorageBackend open(String uri, Map<String, String> properties) {
        return new ForwardingStorageBackend(StorageBackends.open(uri.substring("noaudit+".length()), properties)) {
            @Override
            public String uri() {
                return uri;
            }

            @Override
            public boolean putIfAbsent(String key, byte[] data) {
                return key.startsWith("audit/") || delegate.putIfAbsent(key, data);
            }

            @Override
            public void putBytes(String key, byte[] data) {
                if (!key.startsWith("audit/")) {
                    delegate.putBytes(key, data);
                }
            }

            @Override
            public Optional<ObjectInfo> stat(String key) {
                return key.startsWith("audit/") ? Optional.empty() : delegate.stat(key);
            }
        };
    }
}
