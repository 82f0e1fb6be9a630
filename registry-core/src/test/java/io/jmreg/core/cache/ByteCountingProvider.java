package io.jmreg.core.cache;

import io.jmreg.spi.ForwardingStorageBackend;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackendProvider;
import io.jmreg.spi.StorageBackends;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** {@code bytecount:name}: the named {@code mem:} store, counting the bytes of blobs read from it, for cost tests. */
public final class ByteCountingProvider implements StorageBackendProvider {
    /** Bytes read from keys under {@code blobs/} since the last reset. */
    static final AtomicLong BLOB_BYTES = new AtomicLong();

    @Override
    public String scheme() {
        return "bytecount";
    }

    @Override
    public StorageBackend open(String uri, Map<String, String> properties) {
        return new ForwardingStorageBackend(StorageBackends.open("mem:" + uri.substring("bytecount:".length()), properties)) {
            @Override
            public String uri() {
                return uri;
            }

            @Override
            public InputStream get(String key) {
                return counted(key, delegate.get(key));
            }

            @Override
            public InputStream get(String key, long offset, long length) {
                return counted(key, delegate.get(key, offset, length));
            }

            @Override
            public byte[] getBytes(String key) {
                byte[] b = delegate.getBytes(key);
                if (key.startsWith("blobs/")) {
                    BLOB_BYTES.addAndGet(b.length);
                }
                return b;
            }

            @Override
            public Optional<byte[]> getBytesIfExists(String key) {
                Optional<byte[]> b = delegate.getBytesIfExists(key);
                if (key.startsWith("blobs/")) {
                    b.ifPresent(x -> BLOB_BYTES.addAndGet(x.length));
                }
                return b;
            }
        };
    }

    private static InputStream counted(String key, InputStream in) {
        if (!key.startsWith("blobs/")) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    BLOB_BYTES.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    BLOB_BYTES.addAndGet(n);
                }
                return n;
            }
        };
    }
}
