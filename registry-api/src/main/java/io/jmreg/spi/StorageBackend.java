package io.jmreg.spi;

import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * An object store as the registry needs it: keys are '/'-separated strings; objects are written whole and
 * never modified in place. There is no rename and no lock: the only commit primitive is
 * {@link #putIfAbsent(String, byte[])}, a create-only write of which exactly one of several racing writers
 * wins. Implementations are thread-safe. Optional capabilities are add-on interfaces ({@link StagedWrites},
 * {@link FileTransfers}, {@link IncompleteUploads}) found through {@link #capability(Class)}, which decorators forward.
 */
public interface StorageBackend extends AutoCloseable {

    /** The URI the backend was opened on. */
    String uri();

    /**
     * Streams an object.
     *
     * @throws ObjectNotFoundException when the key does not exist
     */
    InputStream get(String key);

    /**
     * Writes an object whole, replacing any previous one; readers see the old or the new object, never a mix,
     * and a crash leaves one of the two.
     */
    void put(String key, InputStream data, long length);

    /**
     * Creates an object only if the key does not exist yet. Among racing writers exactly one returns true.
     * Durable when it returns. The outcome is one of four, and implementations must not blur them:
     * <ul>
     * <li>{@code true}: this call created the object;</li>
     * <li>{@code false}: the key existed already (nothing was written);</li>
     * <li>{@link StorageException}: the write failed and nothing was written (permission denied, disk full, bucket
     *     missing, connection refused);</li>
     * <li>{@link io.jmreg.api.exceptions.OutcomeUnknownException}: the object may have been written (a timeout
     *     after the request was sent; on a file system, a failure after the link was made). Only then does the
     *     registry read the key back to learn the outcome.</li>
     * </ul>
     *
     * @return true when this call created the object, false when the key already existed
     */
    boolean putIfAbsent(String key, byte[] data);

    /**
     * {@link #putIfAbsent(String, byte[])} that first runs {@code beforeVisible} (a durable announcement of the write):
     * the object becomes visible only after it has completed, and when it throws nothing is written and its exception
     * propagates. A backend may run it while it writes the bytes aside (a local store fsyncs a temporary file
     * meanwhile), so that the two durable writes cost one round trip; the default runs it first.
     *
     * @return as {@link #putIfAbsent(String, byte[])}
     */
    default boolean putIfAbsent(String key, byte[] data, Runnable beforeVisible) {
        beforeVisible.run();
        return putIfAbsent(key, data);
    }

    /** Metadata of an object, or empty when it does not exist. */
    Optional<ObjectInfo> stat(String key);

    /** All objects whose key starts with {@code prefix}, in key order. Close the stream when done. */
    Stream<ObjectInfo> list(String prefix);

    /** Deletes an object; returns whether it existed. */
    boolean delete(String key);

    /**
     * Streams {@code length} bytes from {@code offset} (fewer at the end of the object).
     * The default skips; backends override it with a native ranged read.
     */
    default InputStream get(String key, long offset, long length) {
        InputStream in = get(key);
        try {
            in.skipNBytes(offset);
        } catch (IOException e) {
            closeQuietly(in);
            throw new StorageException(e, "%s: cannot skip to offset %d of '%s'", uri(), offset, key);
        }
        return new BoundedInputStream(in, length);
    }

    /** Reads a whole (small) object. */
    default byte[] getBytes(String key) {
        try (InputStream in = get(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot read '%s'", uri(), key);
        }
    }

    /** Reads a whole (small) object, or empty when the key does not exist. */
    default Optional<byte[]> getBytesIfExists(String key) {
        try {
            return Optional.of(getBytes(key));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads a whole object of at most {@code maxBytes}, or empty when the key does not exist; a larger (or endless)
     * object is refused after reading {@code maxBytes + 1} bytes, so a foreign or corrupt object never exhausts memory.
     *
     * @throws StorageException naming the key when the object holds more than {@code maxBytes} bytes
     */
    default Optional<byte[]> getBytesIfExists(String key, int maxBytes) {
        try (InputStream in = get(key)) {
            return Optional.of(requireAtMost(uri(), key, in.readNBytes(Math.addExact(maxBytes, 1)), maxBytes));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot read '%s'", uri(), key);
        }
    }

    /**
     * {@code data}, unless it is longer than {@code maxBytes}: then a {@link StorageException} naming the store and
     * key (for implementations of {@link #getBytesIfExists(String, int)}).
     */
    static byte[] requireAtMost(String uri, String key, byte[] data, int maxBytes) {
        if (data.length > maxBytes) {
            throw new StorageException("%s: object '%s' holds more than %d bytes, more than any document this library "
                    + "writes there: it is corrupt or was put there by something else", uri, key, maxBytes);
        }
        return data;
    }

    /** Writes a small object whole. */
    default void putBytes(String key, byte[] data) {
        put(key, new ByteArrayInputStream(data), data.length);
    }

    /** Deletes several objects (missing ones are ignored); backends override it with a batch call. */
    default void deleteAll(List<String> keys) {
        keys.forEach(this::delete);
    }

    /**
     * Names of the immediate children below {@code prefix} (which ends with '/'): for {@code a/b/c} and
     * {@code a/d} under {@code a/}, returns {@code b} and {@code d}. The default lists every key below.
     */
    default List<String> listChildren(String prefix) {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<ObjectInfo> all = list(prefix)) {
            all.forEach(o -> {
                String rest = o.key().substring(prefix.length());
                int slash = rest.indexOf('/');
                names.add(slash < 0 ? rest : rest.substring(0, slash));
            });
        }
        return List.copyOf(names);
    }

    /**
     * Refreshes an object's last-modified time so that garbage collection's grace period starts again.
     * The default rewrites the object; backends override it with something cheaper.
     */
    default void touch(String key) {
        Optional<ObjectInfo> info = stat(key);
        if (info.isEmpty()) {
            throw new ObjectNotFoundException("%s: cannot touch missing key '%s'", uri(), key);
        }
        try (InputStream in = get(key)) {
            put(key, in, info.get().size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The encryption at rest this backend applies to what it writes, as recorded in each version's storage facts:
     * {@code none} by default; S3 reports its server-side encryption ({@code AES256}, {@code aws:kms}).
     */
    default String encryption() {
        return "none";
    }

    /**
     * This backend's implementation of an optional capability ({@link StagedWrites}, {@link FileStaging},
     * {@link FileTransfers}, {@link IncompleteUploads}), or empty. The default answers for this object itself; a decorator answers for
     * what it decorates ({@link ForwardingStorageBackend} does), so wrapping a backend never loses a capability.
     * Callers always ask here, never with {@code instanceof}.
     */
    default <T> Optional<T> capability(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    /** Releases resources. */
    @Override
    default void close() {
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already failing
        }
    }
}
