package io.jmreg.core.gc;

import io.jmreg.api.exceptions.StorageException;
import io.jmreg.spi.ForwardingStorageBackend;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackendProvider;
import io.jmreg.spi.StorageBackends;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * {@code gcfault:name}: the named {@code mem:} store with faults for the collection protocol's tests: writes of keys
 * under {@link #FAIL_WRITES} fail as on a full disk, and objects under a prefix in {@link #SHIFT} report a stored time
 * moved by the given amount (a store or host clock running fast or slow).
 */
public final class GcFaultProvider implements StorageBackendProvider {
    /** Key prefixes whose writes fail. */
    static final Set<String> FAIL_WRITES = ConcurrentHashMap.newKeySet();
    /** Key prefix -> shift of the reported stored time. */
    static final Map<String, Duration> SHIFT = new ConcurrentHashMap<>();

    @Override
    public String scheme() {
        return "gcfault";
    }

    @Override
    public StorageBackend open(String uri, Map<String, String> properties) {
        return new ForwardingStorageBackend(StorageBackends.open("mem:" + uri.substring("gcfault:".length()), properties)) {
            @Override
            public String uri() {
                return uri;
            }

            private void failIfFull(String key) {
                if (FAIL_WRITES.stream().anyMatch(key::startsWith)) {
                    throw new StorageException("%s: cannot write '%s': No space left on device", uri, key);
                }
            }

            @Override
            public void put(String key, InputStream data, long length) {
                failIfFull(key);
                delegate.put(key, data, length);
            }

            @Override
            public boolean putIfAbsent(String key, byte[] data) {
                failIfFull(key);
                return delegate.putIfAbsent(key, data);
            }

            @Override
            public Optional<ObjectInfo> stat(String key) {
                return delegate.stat(key).map(GcFaultProvider::shifted);
            }

            @Override
            public Stream<ObjectInfo> list(String prefix) {
                return delegate.list(prefix).map(GcFaultProvider::shifted);
            }

            @Override
            public <T> Optional<T> capability(Class<T> type) {
                return Optional.empty(); // no staged writes: every write passes the checks above
            }
        };
    }

    private static ObjectInfo shifted(ObjectInfo o) {
        for (Map.Entry<String, Duration> e : SHIFT.entrySet()) {
            if (o.key().startsWith(e.getKey())) {
                return new ObjectInfo(o.key(), o.size(), o.lastModified().plus(e.getValue()));
            }
        }
        return o;
    }
}
