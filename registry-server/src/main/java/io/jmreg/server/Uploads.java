package io.jmreg.server;

import io.jmreg.api.Names;
import io.jmreg.api.exceptions.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Files uploaded for a registration, each streamed to disk (memory independent of size) in a directory of its
 * upload: {@code <root>/<id>/owner} names the principal who may use it, {@code <root>/<id>/files/} holds the files
 * that arrived completely, {@code <root>/<id>/parts/} the files still arriving (outside {@code files/}, so a
 * registration never sees them). A file is moved into {@code files/} only once its whole body arrived.
 *
 * <p>A registration claims its upload: it is refused (409) while a PUT into the upload is in flight, and once
 * claimed no PUT can add to it. An upload unused for the expiry (no file arriving, not registered) is removed by a
 * periodic sweep; the registration or a DELETE removes it at once. A body that stalls past the connection's idle
 * timeout ends with 408, one that breaks off with 400; both leave nothing behind.
 */
final class Uploads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);
    private static final String ID = "[0-9a-f-]{36}";
    private final Path root;
    private final long maxBytes;
    private final Duration expiry;
    private final int maxPending;
    /** What this process knows of each upload it touched: files in flight, whether claimed, bytes received. */
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;

    /** An upload's in-process state; guarded by itself. */
    private static final class State {
        final Set<String> arriving = new HashSet<>();
        boolean closed;
        long received;
    }

    Uploads(Path root, long maxBytes, Duration expiry) throws IOException {
        this(root, maxBytes, expiry, Integer.MAX_VALUE);
    }

    /** Uploads under {@code root}; each principal may have at most {@code maxPending} waiting at once (else 429). */
    Uploads(Path root, long maxBytes, Duration expiry, int maxPending) throws IOException {
        this.root = Files.createDirectories(root);
        this.maxBytes = maxBytes;
        this.expiry = expiry;
        this.maxPending = maxPending;
    }

    /** Removes expired uploads now and then every quarter of the expiry (at most every minute), on a daemon thread. */
    synchronized void startSweeping() {
        sweep();
        long period = Math.max(50, Math.min(60_000, expiry.toMillis() / 4));
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jmreg-upload-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops the sweep. */
    @Override
    public synchronized void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
    }

    /** A new upload owned by {@code principal}. */
    String create(String principal) throws IOException {
        return create(principal, null);
    }

    /**
     * A new upload owned by {@code principal}, for a version of {@code model} (null: any model); refused (429) when
     * the principal already has the maximum number of uploads waiting.
     */
    synchronized String create(String principal, String model) throws IOException {
        if (maxPending != Integer.MAX_VALUE && pendingOf(principal) >= maxPending) {
            throw new HttpError(429, "too_many_uploads", "'%s' already has %d uploads waiting for their registration "
                    + "(the most allowed): register or delete one (DELETE /api/v1/uploads/{id}) first", principal,
                    maxPending);
        }
        String id = UUID.randomUUID().toString();
        Path dir = Files.createDirectories(root.resolve(id).resolve("files"));
        if (model != null) {
            Files.writeString(dir.resolveSibling("model"), model);
        }
        Files.writeString(dir.resolveSibling("owner"), principal);
        return id;
    }

    /** How many uploads of {@code principal} are waiting (their directories, whatever process made them). */
    private int pendingOf(String principal) throws IOException {
        int n = 0;
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : (Iterable<Path>) s::iterator) {
                try {
                    if (Files.readString(d.resolve("owner")).equals(principal)) {
                        n++;
                    }
                } catch (IOException gone) {
                    // removed meanwhile, or not an upload
                }
            }
        }
        return n;
    }

    /** The model an upload was made for, or null when it named none. */
    String modelOf(String id) {
        try {
            return id.matches(ID) ? Files.readString(root.resolve(id).resolve("model")) : null;
        } catch (IOException none) {
            return null;
        }
    }

    /** The files directory of an upload that {@code principal} owns (404 when there is none, 403 when not theirs). */
    Path files(String id, String principal) throws IOException {
        if (!id.matches(ID)) {
            throw new HttpError(404, "not_found", "no upload '%s'", id);
        }
        Path dir = root.resolve(id);
        Path owner = dir.resolve("owner");
        String holder;
        try {
            holder = Files.readString(owner);
        } catch (NoSuchFileException e) {
            throw new HttpError(404, "not_found", "no upload '%s'", id);
        }
        if (!holder.equals(principal)) {
            throw new HttpError(403, "forbidden", "upload '%s' belongs to another principal", id);
        }
        return dir.resolve("files");
    }

    /**
     * Claims an upload for a registration: its files directory, which no PUT changes any more. Refused (409) while
     * a file is still arriving; the caller must {@link #remove} the upload afterwards, registered or not.
     */
    Path claim(String id, String principal) throws IOException {
        Path files = files(id, principal);
        State st = state(id);
        synchronized (st) {
            if (st.closed) {
                throw new HttpError(409, "operation_not_allowed", "upload '%s' is already being registered or removed", id);
            }
            if (!st.arriving.isEmpty()) {
                throw new HttpError(409, "operation_not_allowed", "upload '%s' has %d file(s) still being uploaded (%s); "
                        + "register once every PUT has completed", id, st.arriving.size(),
                        String.join(", ", st.arriving.stream().sorted().limit(5).toList()));
            }
            st.closed = true;
        }
        return files;
    }

    /**
     * Streams one file of an upload to disk, refusing paths that leave the upload and uploads beyond the limit (413);
     * a broken transfer leaves nothing behind.
     */
    long put(String id, String principal, String path, long declaredLength, InputStream body) throws IOException {
        Path files = files(id, principal);
        try {
            Names.requireArtifactPath(path);
        } catch (ValidationException e) {
            throw new HttpError(400, "bad_request", "bad artifact path: %s", e.getMessage());
        }
        Path target = files.resolve(path).normalize();
        if (!target.startsWith(files) || target.equals(files)) {
            throw new HttpError(400, "bad_request", "artifact path '%s' leaves the upload", path);
        }
        State st = state(id);
        String token = path + " #" + UUID.randomUUID();
        synchronized (st) {
            if (st.closed) {
                throw new HttpError(409, "operation_not_allowed", "upload '%s' is being registered or removed; "
                        + "no more files can be added", id);
            }
            if (declaredLength > 0 && st.received + declaredLength > maxBytes) {
                throw new HttpError(413, "payload_too_large", "this upload may hold at most %d bytes; %d are used and the "
                        + "file has %d", maxBytes, st.received, declaredLength);
            }
            st.arriving.add(token);
        }
        touch(id);
        Path part = files.resolveSibling("parts").resolve(UUID.randomUUID() + ".part");
        long n = 0;
        boolean done = false;
        try (InputStream in = body) {
            Files.createDirectories(part.getParent());
            try (OutputStream out = Files.newOutputStream(part)) {
                byte[] buffer = new byte[64 * 1024];
                int r;
                while ((r = read(in, buffer, n, declaredLength)) > 0) {
                    n += r;
                    synchronized (st) {
                        st.received += r;
                        if (st.received > maxBytes) {
                            throw new HttpError(413, "payload_too_large", "this upload may hold at most %d bytes", maxBytes);
                        }
                    }
                    out.write(buffer, 0, r);
                }
            }
            if (declaredLength >= 0 && n != declaredLength) {
                throw new HttpError(400, "bad_request", "the body ended after %d of %d bytes", n, declaredLength);
            }
            synchronized (st) { // never while a registration holds the upload
                if (st.closed) {
                    throw new HttpError(409, "operation_not_allowed", "upload '%s' was registered or removed while '%s' "
                            + "was arriving", id, path);
                }
                Files.createDirectories(target.getParent());
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                done = true;
            }
            return n;
        } catch (IOException e) {
            synchronized (st) {
                if (st.closed) { // removed under us: not a server failure
                    throw new HttpError(409, "operation_not_allowed", "upload '%s' was removed while '%s' was arriving",
                            id, path);
                }
            }
            throw e;
        } finally {
            synchronized (st) {
                st.arriving.remove(token);
                if (!done) {
                    st.received -= n;
                }
            }
            Files.deleteIfExists(part);
            touch(id);
        }
    }

    /** One read of the request body; a body that stalls (408) or breaks off (400) is the client's failure. */
    private static int read(InputStream in, byte[] buffer, long sofar, long declared) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            String of = declared >= 0 ? " of " + declared : "";
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof TimeoutException) {
                    LOG.debug("an upload stalled after {}{} bytes: {}", sofar, of, e.toString());
                    throw new HttpError(408, "request_timeout", "the body stalled after %d%s bytes (no data for the "
                            + "server's idle timeout); upload the file again", sofar, of);
                }
                if (c instanceof HttpError h) {
                    throw h;
                }
            }
            LOG.debug("an upload broke off after {}{} bytes: {}", sofar, of, e.toString());
            throw new HttpError(400, "bad_request", "the body broke off after %d%s bytes: %s", sofar, of, e.getMessage());
        }
    }

    /** Removes an upload (a PUT still arriving into it fails with 409). */
    void remove(String id) {
        if (!id.matches(ID)) {
            return;
        }
        State st = state(id);
        synchronized (st) {
            st.closed = true;
        }
        deleteTree(root.resolve(id));
        states.remove(id, st);
    }

    /** Removes every upload unused for longer than the expiry whose files are not arriving and that is not claimed. */
    void sweep() {
        Instant cutoff = Instant.now().minus(expiry);
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.toList();
        } catch (IOException e) {
            LOG.warn("cannot list uploads in {}: {}", root, e.toString());
            return;
        }
        for (Path d : dirs) {
            String id = d.getFileName().toString();
            try {
                if (!Files.getLastModifiedTime(d).toInstant().isBefore(cutoff)) {
                    continue;
                }
                State st = states.get(id);
                if (st != null) {
                    synchronized (st) {
                        if (st.closed || !st.arriving.isEmpty()) {
                            continue; // being registered, removed or written: not abandoned
                        }
                        st.closed = true;
                    }
                }
                LOG.info("removing upload {}: unused for more than {}", id, expiry);
                deleteTree(d);
                if (st != null) {
                    states.remove(id, st);
                }
            } catch (IOException e) {
                LOG.debug("upload {} went away during the sweep: {}", id, e.toString());
            } catch (RuntimeException e) {
                LOG.warn("sweeping upload {} failed: {}", id, e.toString());
            }
        }
    }

    private State state(String id) {
        return states.computeIfAbsent(id, k -> new State());
    }

    /** Marks the upload as in use now (the sweep measures idleness from its directory's modification time). */
    private void touch(String id) {
        try {
            Files.setLastModifiedTime(root.resolve(id), FileTime.from(Instant.now()));
        } catch (IOException e) {
            LOG.debug("cannot touch upload {}: {}", id, e.toString());
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", dir, e.toString());
        }
    }
}
