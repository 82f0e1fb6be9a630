package io.jmreg.core.registration;

import io.jmreg.spi.ForwardingStorageBackend;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackendProvider;
import io.jmreg.spi.StorageBackends;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** {@code writecount:name}: the named {@code mem:} store counting bytes written and objects read, for cost tests. */
public final class WriteCountingProvider implements StorageBackendProvider {
    /** Bytes written (every put, create-only or not) since the last reset. */
    static final AtomicLong WRITTEN = new AtomicLong();
    /** Objects read or stat'ed since the last reset. */
    static final AtomicLong READS = new AtomicLong();

    @Override
    public String scheme() {
        return "writecount";
    }

    @Override
    public StorageBackend open(String uri, Map<String, String> properties) {
        return new ForwardingStorageBackend(StorageBackends.open("mem:" + uri.substring("writecount:".length()),
                properties)) {
            @Override
            public String uri() {
                return uri;
            }

            @Override
            public void put(String key, InputStream data, long length) {
                WRITTEN.addAndGet(length);
                delegate.put(key, data, length);
            }

            @Override
            public void putBytes(String key, byte[] data) {
                WRITTEN.addAndGet(data.length);
                delegate.putBytes(key, data);
            }

            @Override
            public boolean putIfAbsent(String key, byte[] data) {
                WRITTEN.addAndGet(data.length);
                return delegate.putIfAbsent(key, data);
            }

            @Override
            public boolean putIfAbsent(String key, byte[] data, Runnable beforeVisible) {
                WRITTEN.addAndGet(data.length);
                return delegate.putIfAbsent(key, data, beforeVisible);
            }

            @Override
            public InputStream get(String key) {
                READS.incrementAndGet();
                return delegate.get(key);
            }

            @Override
            public byte[] getBytes(String key) {
                READS.incrementAndGet();
                return delegate.getBytes(key);
            }

            @Override
            public Optional<byte[]> getBytesIfExists(String key) {
                READS.incrementAndGet();
                return delegate.getBytesIfExists(key);
            }

            @Override
            public Optional<byte[]> getBytesIfExists(String key, int maxBytes) {
                READS.incrementAndGet();
                return delegate.getBytesIfExists(key, maxBytes);
            }

            @Override
            public Optional<ObjectInfo> stat(String key) {
                READS.incrementAndGet();
                return delegate.stat(key);
            }
        };
    }
}
