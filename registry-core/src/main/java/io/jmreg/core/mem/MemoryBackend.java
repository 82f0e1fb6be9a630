package io.jmreg.core.mem;

import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StagedWrites;
import io.jmreg.spi.StorageBackend;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/** The in-memory store behind {@code mem:}: same semantics as the durable backends, for unit tests. */
public final class MemoryBackend implements StorageBackend, StagedWrites {
    private record Entry(byte[] data, Instant modified) {
    }

    private final String uri;
    private final ConcurrentSkipListMap<String, Entry> objects = new ConcurrentSkipListMap<>();

    /** An empty store. */
    public MemoryBackend(String uri) {
        this.uri = uri;
    }

    @Override
    public String uri() {
        return uri;
    }

    private Entry entry(String key) {
        Entry e = objects.get(key);
        if (e == null) {
            throw new ObjectNotFoundException("%s: no object at key '%s'", uri, key);
        }
        return e;
    }

    @Override
    public InputStream get(String key) {
        return new ByteArrayInputStream(entry(key).data());
    }

    @Override
    public InputStream get(String key, long offset, long length) {
        byte[] data = entry(key).data();
        int from = (int) Math.min(offset, data.length);
        int len = (int) Math.min(length, data.length - from);
        return new ByteArrayInputStream(data, from, len);
    }

    @Override
    public void put(String key, InputStream data, long length) {
        objects.put(key, new Entry(readAll(key, data), Instant.now()));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        return objects.putIfAbsent(key, new Entry(data.clone(), Instant.now())) == null;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        Entry e = objects.get(key);
        return e == null ? Optional.empty() : Optional.of(new ObjectInfo(key, e.data().length, e.modified()));
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) {
        List<ObjectInfo> result = new ArrayList<>();
        for (Map.Entry<String, Entry> e : objects.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            result.add(new ObjectInfo(e.getKey(), e.getValue().data().length, e.getValue().modified()));
        }
        return result.stream();
    }

    @Override
    public boolean delete(String key) {
        return objects.remove(key) != null;
    }

    @Override
    public void touch(String key) {
        Entry e = entry(key);
        objects.replace(key, e, new Entry(e.data(), Instant.now()));
    }

    @Override
    public Staged stage(InputStream data) {
        byte[] bytes = readAll("(staged)", data);
        return new Staged() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public boolean commit(String key) {
                return objects.putIfAbsent(key, new Entry(bytes, Instant.now())) == null;
            }

            @Override
            public void close() {
                // nothing was visible; the bytes are garbage once unreferenced
            }
        };
    }

    private byte[] readAll(String key, InputStream data) {
        try {
            return data.readAllBytes();
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot read the data for '%s'", uri, key);
        }
    }
}
