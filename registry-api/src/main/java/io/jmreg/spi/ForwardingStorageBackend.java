package io.jmreg.spi;


import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A backend that forwards every call to another: extend it to decorate a backend (metrics, tracing, fault
 * injection in tests) by overriding only what changes. Optional capabilities are forwarded too: {@link #capability}
 * answers with the decorator's own implementation when it has one, else the delegate's; note that calls made through
 * a forwarded capability (a staged write, a parallel file upload) reach the delegate without passing the overridden
 * methods.
 */
public class ForwardingStorageBackend implements StorageBackend {
    /** The backend calls go to. */
    protected final StorageBackend delegate;

    /** Forwards to {@code delegate}. */
    public ForwardingStorageBackend(StorageBackend delegate) {
        this.delegate = delegate;
    }

    @Override
    public String uri() {
        return delegate.uri();
    }

    @Override
    public InputStream get(String key) {
        return delegate.get(key);
    }

    @Override
    public InputStream get(String key, long offset, long length) {
        return delegate.get(key, offset, length);
    }

    @Override
    public Optional<byte[]> getBytesIfExists(String key) {
        return delegate.getBytesIfExists(key);
    }

    @Override
    public Optional<byte[]> getBytesIfExists(String key, int maxBytes) {
        return delegate.getBytesIfExists(key, maxBytes);
    }

    @Override
    public void put(String key, InputStream data, long length) {
        delegate.put(key, data, length);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        return delegate.putIfAbsent(key, data);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return delegate.stat(key);
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public List<String> listChildren(String prefix) {
        return delegate.listChildren(prefix);
    }

    @Override
    public boolean delete(String key) {
        return delegate.delete(key);
    }

    @Override
    public void deleteAll(List<String> keys) {
        delegate.deleteAll(keys);
    }

    @Override
    public void touch(String key) {
        delegate.touch(key);
    }

    @Override
    public String encryption() {
        return delegate.encryption();
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : delegate.capability(type);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
