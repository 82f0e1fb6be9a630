package io.jmreg.core.watch;

import io.jmreg.spi.ForwardingStorageBackend;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackendProvider;
import io.jmreg.spi.StorageBackends;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** {@code countmem:name}: the named {@code mem:} store with every read and listing recorded, for cost tests. */
public final class CountingMemoryProvider implements StorageBackendProvider {
    /** Keys read, and {@code LIST <prefix>} for listings, since the last clear. */
    static final List<String> ACCESSES = new CopyOnWriteArrayList<>();

    @Override
    public String scheme() {
        return "countmem";
    }

    @Override
    public StorageBackend open(String uri, Map<String, String> properties) {
        return new ForwardingStorageBackend(StorageBackends.open("mem:" + uri.substring("countmem:".length()), properties)) {
            @Override
            public String uri() {
                return uri;
            }

            @Override
            public InputStream get(String key) {
                ACCESSES.add(key);
                return delegate.get(key);
            }

            @Override
            public Optional<byte[]> getBytesIfExists(String key) {
                ACCESSES.add(key);
                return delegate.getBytesIfExists(key);
            }

            @Override
            public Optional<byte[]> getBytesIfExists(String key, int maxBytes) {
                ACCESSES.add(key);
                return delegate.getBytesIfExists(key, maxBytes);
            }

            @Override
            public Optional<ObjectInfo> stat(String key) {
                ACCESSES.add(key);
                return delegate.stat(key);
            }

            @Override
            public Stream<ObjectInfo> list(String prefix) {
                ACCESSES.add("LIST " + prefix);
                return delegate.list(prefix);
            }

            @Override
            public List<String> listChildren(String prefix) {
                ACCESSES.add("LIST " + prefix);
                return delegate.listChildren(prefix);
            }
        };
    }
}
