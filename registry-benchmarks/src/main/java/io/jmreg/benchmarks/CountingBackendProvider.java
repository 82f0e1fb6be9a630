package io.jmreg.benchmarks;

import io.jmreg.spi.FileTransfers;
import io.jmreg.spi.ForwardingStorageBackend;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackendProvider;
import io.jmreg.spi.StorageBackends;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code count+file:/path} (and {@code count+s3://...}): the wrapped backend with every object read counted, to show how many stored
 * files an operation touches.
 */
public class CountingBackendProvider implements StorageBackendProvider {
    /** Objects read (get) since the last reset. */
    public static final AtomicLong READS = new AtomicLong();
    /** Listings since the last reset. */
    public static final AtomicLong LISTS = new AtomicLong();
    /** Bytes read from objects since the last reset. */
    public static final AtomicLong BYTES = new AtomicLong();

    @Override
    public String scheme() {
        return "count+file";
    }

    /** {@code count+s3://bucket/prefix?...}: the S3 backend, counted the same way. */
    public static final class S3 extends CountingBackendProvider {
        @Override
        public String scheme() {
            return "count+s3";
        }
    }

    @Override
    public StorageBackend open(String uri, Map<String, String> properties) {
        return new ForwardingStorageBackend(StorageBackends.open(uri.substring("count+".length()), properties)) {
            @Override
            public String uri() {
                return uri;
            }

            @Override
            public InputStream get(String key) {
                READS.incrementAndGet();
                return counted(delegate.get(key));
            }

            @Override
            public InputStream get(String key, long offset, long length) {
                READS.incrementAndGet();
                return counted(delegate.get(key, offset, length));
            }

            @Override
            public Optional<byte[]> getBytesIfExists(String key) {
                READS.incrementAndGet();
                Optional<byte[]> bytes = delegate.getBytesIfExists(key);
                bytes.ifPresent(b -> BYTES.addAndGet(b.length));
                return bytes;
            }

            @Override
            public Optional<byte[]> getBytesIfExists(String key, int maxBytes) {
                READS.incrementAndGet();
                Optional<byte[]> bytes = delegate.getBytesIfExists(key, maxBytes);
                bytes.ifPresent(b -> BYTES.addAndGet(b.length));
                return bytes;
            }

            @Override
            public <T> Optional<T> capability(Class<T> type) {
                Optional<T> found = delegate.capability(type);
                if (type != FileTransfers.class || found.isEmpty()) {
                    return found;
                }
                FileTransfers files = (FileTransfers) found.get();
                return Optional.of(type.cast(new FileTransfers() { // whole-file downloads counted too
                    @Override
                    public void putFile(String key, Path file) {
                        files.putFile(key, file);
                    }

                    @Override
                    public void getToFile(String key, Path target) {
                        READS.incrementAndGet();
                        files.getToFile(key, target);
                        BYTES.addAndGet(target.toFile().length());
                    }
                }));
            }

            @Override
            public Stream<ObjectInfo> list(String prefix) {
                LISTS.incrementAndGet();
                return delegate.list(prefix);
            }

            @Override
            public List<String> listChildren(String prefix) {
                LISTS.incrementAndGet();
                return delegate.listChildren(prefix);
            }
        };
    }

    private static InputStream counted(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    BYTES.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    BYTES.addAndGet(n);
                }
                return n;
            }
        };
    }
}
