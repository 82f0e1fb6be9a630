package io.jmreg.core.log;

import io.jmreg.spi.EarlyVisibleWrites;
import io.jmreg.spi.ForwardingStorageBackend;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackendProvider;
import io.jmreg.spi.StorageBackends;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code earlyvisible:name}: the named {@code mem:} store offering {@link EarlyVisibleWrites}, recording which keys
 * were written visible-first and which were synced, for tests of the log's use of it.
 */
public final class EarlyVisibleProvider implements StorageBackendProvider {
    /** Keys written through {@link EarlyVisibleWrites#putIfAbsentVisibleFirst}, in order. */
    static final List<String> WRITTEN = new CopyOnWriteArrayList<>();
    /** Keys synced through {@link EarlyVisibleWrites#sync}, in order. */
    static final List<String> SYNCED = new CopyOnWriteArrayList<>();
    /** Keys written through {@link EarlyVisibleWrites#putUnsynced}, in order. */
    static final List<String> UNSYNCED = new CopyOnWriteArrayList<>();

    @Override
    public String scheme() {
        return "earlyvisible";
    }

    @Override
    public StorageBackend open(String uri, Map<String, String> properties) {
        StorageBackend mem = StorageBackends.open("mem:" + uri.substring("earlyvisible:".length()), properties);
        EarlyVisibleWrites writes = new EarlyVisibleWrites() {
            @Override
            public boolean putIfAbsentVisibleFirst(String key, byte[] data, Runnable beforeVisible) {
                WRITTEN.add(key);
                return beforeVisible == null ? mem.putIfAbsent(key, data) : mem.putIfAbsent(key, data, beforeVisible);
            }

            @Override
            public void sync(String key) {
                SYNCED.add(key);
            }

            @Override
            public void putUnsynced(String key, byte[] data) {
                UNSYNCED.add(key);
                mem.putBytes(key, data);
            }
        };
        return new ForwardingStorageBackend(mem) {
            @Override
            public String uri() {
                return uri;
            }

            @Override
            public <T> Optional<T> capability(Class<T> type) {
                return type == EarlyVisibleWrites.class ? Optional.of(type.cast(writes)) : super.capability(type);
            }
        };
    }
}
