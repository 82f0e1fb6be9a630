package io.jmreg.server;

import io.jmreg.api.Names;
import io.jmreg.api.exceptions.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Files uploaded for a registration, each streamed to disk (memory independent of size) in a directory of its
 * upload: {@code <root>/<id>/owner} names the principal who may use it, {@code <root>/<id>/files/} holds the files.
 * Nothing is visible in the registry until the registration commits; then (or when abandoned for a day) the upload is
 * removed. A file whose transfer breaks off is deleted, so an upload never holds a partial file.
 */
final class Uploads {
    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);
    private static final Duration ABANDONED = Duration.ofDays(1);
    private final Path root;
    private final long maxBytes;
    /** Bytes received per upload (by this server process), counted as they arrive, so concurrent files share the limit. */
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicLong> received =
            new java.util.concurrent.ConcurrentHashMap<>();

    Uploads(Path root, long maxBytes) throws IOException {
        this.root = Files.createDirectories(root);
        this.maxBytes = maxBytes;
        removeAbandoned();
    }

    /** A new upload owned by {@code principal}. */
    String create(String principal) throws IOException {
        String id = UUID.randomUUID().toString();
        Path dir = Files.createDirectories(root.resolve(id).resolve("files"));
        Files.writeString(dir.resolveSibling("owner"), principal);
        return id;
    }

    /** The files directory of an upload that {@code principal} owns. */
    Path files(String id, String principal) throws IOException {
        if (!id.matches("[0-9a-f-]{36}")) {
            throw new HttpError(404, "not_found", "no upload '%s'", id);
        }
        Path dir = root.resolve(id);
        Path owner = dir.resolve("owner");
        if (!Files.isRegularFile(owner)) {
            throw new HttpError(404, "not_found", "no upload '%s'", id);
        }
        if (!Files.readString(owner).equals(principal)) {
            throw new HttpError(403, "forbidden", "upload '%s' belongs to another principal", id);
        }
        return dir.resolve("files");
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
        java.util.concurrent.atomic.AtomicLong used = received.computeIfAbsent(id, k -> new java.util.concurrent.atomic.AtomicLong());
        if (declaredLength > 0 && used.get() + declaredLength > maxBytes) {
            throw new HttpError(413, "payload_too_large", "this upload may hold at most %d bytes; %d are used and the "
                    + "file has %d", maxBytes, used.get(), declaredLength);
        }
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        long n = 0;
        boolean done = false;
        try (InputStream in = body; OutputStream out = Files.newOutputStream(part)) {
            byte[] buffer = new byte[256 * 1024];
            int r;
            while ((r = in.read(buffer)) > 0) {
                n += r;
                if (used.addAndGet(r) > maxBytes) {
                    throw new HttpError(413, "payload_too_large", "this upload may hold at most %d bytes", maxBytes);
                }
                out.write(buffer, 0, r);
            }
            if (declaredLength >= 0 && n != declaredLength) {
                throw new IOException("the body ended after " + n + " of " + declaredLength + " bytes");
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return n;
        } finally {
            if (!done) {
                used.addAndGet(-n);
            }
            Files.deleteIfExists(part);
        }
    }

    /** Removes an upload. */
    void remove(String id) {
        received.remove(id);
        if (id.matches("[0-9a-f-]{36}")) {
            deleteTree(root.resolve(id));
        }
    }

    private void removeAbandoned() {
        Instant cutoff = Instant.now().minus(ABANDONED);
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> {
                try {
                    return Files.getLastModifiedTime(d).toInstant().isBefore(cutoff);
                } catch (IOException e) {
                    return false;
                }
            }).forEach(d -> {
                LOG.info("removing abandoned upload {}", d.getFileName());
                deleteTree(d);
            });
        } catch (IOException e) {
            LOG.warn("cannot list uploads in {}: {}", root, e.toString());
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
